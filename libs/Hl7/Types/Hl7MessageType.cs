using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Types;

/// <summary>MSG (MSH-9): message code, trigger event and message structure, such as <c>ORM^O01^ORM_O01</c>.</summary>
public sealed record Hl7MessageType(string MessageCode, string TriggerEvent = "", string MessageStructure = "")
{
    public static Hl7MessageType Read(Hl7Composite parts) => new(parts[1], parts[2], parts[3]);

    public string ToEr7(Hl7Delimiters delimiters, Hl7CompositeLevel level = Hl7CompositeLevel.Components)
    {
        ArgumentNullException.ThrowIfNull(delimiters);
        return new Er7CompositeBuilder(delimiters, level).Add(MessageCode).Add(TriggerEvent).Add(MessageStructure).Build();
    }

    /// <summary><c>CODE^EVENT</c>, as people write it.</summary>
    public override string ToString() => TriggerEvent.Length == 0 ? MessageCode : $"{MessageCode}^{TriggerEvent}";
}
