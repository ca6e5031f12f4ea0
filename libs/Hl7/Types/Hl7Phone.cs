using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>XTN: a telephone number or e-mail address with its use and equipment codes.</summary>
public sealed record Hl7Phone(string Number, string UseCode = "", string EquipmentType = "")
{
    public string EmailAddress { get; init; } = string.Empty;

    public string CountryCode { get; init; } = string.Empty;

    public string AreaCode { get; init; } = string.Empty;

    public string LocalNumber { get; init; } = string.Empty;

    public string Extension { get; init; } = string.Empty;

    public static Hl7Phone Read(Hl7Composite parts) => new(parts[1], parts[2], parts[3])
    {
        EmailAddress = parts[4],
        CountryCode = parts[5],
        AreaCode = parts[6],
        LocalNumber = parts[7],
        Extension = parts[8],
    };

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return new Er7CompositeBuilder(delimiters, level).Add(Number).Add(UseCode).Add(EquipmentType).Add(EmailAddress)
            .Add(CountryCode).Add(AreaCode).Add(LocalNumber).Add(Extension).Build();
    }
}
