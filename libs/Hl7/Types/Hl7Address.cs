using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>XAD: street, other designation, city, state, postal code, country, address type.</summary>
public sealed record Hl7Address(string Street, string City = "", string PostalCode = "", string Country = "")
{
    public string OtherDesignation { get; init; } = string.Empty;

    public string StateOrProvince { get; init; } = string.Empty;

    /// <summary>HL7 table 0190 (H home, B business, M mailing ...).</summary>
    public string AddressType { get; init; } = string.Empty;

    public static Hl7Address Read(Hl7Composite parts) => new(parts[1], parts[3], parts[5], parts[6])
    {
        OtherDesignation = parts[2],
        StateOrProvince = parts[4],
        AddressType = parts[7],
    };

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return new Er7CompositeBuilder(delimiters, level)
            .Add(Street).Add(OtherDesignation).Add(City).Add(StateOrProvince).Add(PostalCode).Add(Country).Add(AddressType).Build();
    }
}
