using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Segments;

/// <summary>MSH, message header. Named properties hide MSH's numbering (MSH-1 is the field separator itself).</summary>
public sealed class MshSegment(Hl7Segment segment) : Hl7SegmentView(segment, "MSH")
{
    /// <summary>MSH-1.</summary>
    public char FieldSeparator => Delimiters.Field;

    /// <summary>MSH-2.</summary>
    public string EncodingCharacters => Delimiters.EncodingCharacters;

    /// <summary>MSH-3.</summary>
    public Hl7HierarchicDesignator? SendingApplication
    {
        get => GetFirst(3, Hl7HierarchicDesignator.Read);
        set => SetFirst(3, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MSH-4.</summary>
    public Hl7HierarchicDesignator? SendingFacility
    {
        get => GetFirst(4, Hl7HierarchicDesignator.Read);
        set => SetFirst(4, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MSH-5.</summary>
    public Hl7HierarchicDesignator? ReceivingApplication
    {
        get => GetFirst(5, Hl7HierarchicDesignator.Read);
        set => SetFirst(5, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MSH-6.</summary>
    public Hl7HierarchicDesignator? ReceivingFacility
    {
        get => GetFirst(6, Hl7HierarchicDesignator.Read);
        set => SetFirst(6, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MSH-7.</summary>
    public Hl7DateTime? DateTimeOfMessage
    {
        get => GetDateTime(7);
        set => SetDateTime(7, value);
    }

    /// <summary>MSH-8.</summary>
    public string Security
    {
        get => Get(8);
        set => Set(8, value);
    }

    /// <summary>MSH-9.</summary>
    public Hl7MessageType? MessageType
    {
        get => GetFirst(9, Hl7MessageType.Read);
        set => SetFirst(9, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MSH-10, echoed by the acknowledgement's MSA-2.</summary>
    public string MessageControlId
    {
        get => Get(10);
        set => Set(10, value);
    }

    /// <summary>MSH-11.1 (P production, D debugging, T training).</summary>
    public string ProcessingId
    {
        get => Get(11);
        set => SetComponent(11, 1, value);
    }

    /// <summary>MSH-12.1, such as <c>2.5.1</c>.</summary>
    public string VersionId
    {
        get => Get(12);
        set => SetComponent(12, 1, value);
    }

    /// <summary>MSH-13.</summary>
    public string SequenceNumber
    {
        get => Get(13);
        set => Set(13, value);
    }

    /// <summary>MSH-15 (AL, NE, ER, SU); present with MSH-16 means enhanced acknowledgement mode.</summary>
    public string AcceptAcknowledgmentType
    {
        get => Get(15);
        set => Set(15, value);
    }

    /// <summary>MSH-16.</summary>
    public string ApplicationAcknowledgmentType
    {
        get => Get(16);
        set => Set(16, value);
    }

    /// <summary>MSH-17.</summary>
    public string CountryCode
    {
        get => Get(17);
        set => Set(17, value);
    }

    /// <summary>MSH-18 (first repetition), the message's character set; setting it changes how the message is written.</summary>
    public string CharacterSet
    {
        get => Get(18);
        set => Set(18, value);
    }

    /// <summary>MSH-19.</summary>
    public Hl7CodedElement? PrincipalLanguage
    {
        get => GetFirst(19, Hl7CodedElement.Read);
        set => SetFirst(19, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>MSH-21 (v2.5+).</summary>
    public IReadOnlyList<Hl7EntityIdentifier> MessageProfileIdentifiers
    {
        get => GetAll(21, Hl7EntityIdentifier.Read);
        set => SetAll(21, value, (v, d) => v.ToEr7(d));
    }

    /// <summary>True when MSH-15 or MSH-16 is valued: the sender asked for enhanced-mode acknowledgements.</summary>
    public bool UsesEnhancedAcknowledgment => AcceptAcknowledgmentType.Length > 0 || ApplicationAcknowledgmentType.Length > 0;
}
