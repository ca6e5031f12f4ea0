namespace CloudRisPacs.Hl7.Er7;

/// <summary>HL7 table 0357 (message error condition codes), as carried in ERR-3 (v2.5+) or ERR-1.4 (v2.3/2.4).</summary>
public enum Hl7ErrorCode
{
    MessageAccepted = 0,
    SegmentSequenceError = 100,
    RequiredFieldMissing = 101,
    DataTypeError = 102,
    TableValueNotFound = 103,
    ValueTooLong = 104,
    UnsupportedMessageType = 200,
    UnsupportedEventCode = 201,
    UnsupportedProcessingId = 202,
    UnsupportedVersionId = 203,
    UnknownKeyIdentifier = 204,
    DuplicateKeyIdentifier = 205,
    ApplicationRecordLocked = 206,
    ApplicationInternalError = 207,
}

/// <summary>The table 0357 texts that go into the code's second component.</summary>
public static class Hl7ErrorCodeText
{
    public static string Of(Hl7ErrorCode code) => code switch
    {
        Hl7ErrorCode.MessageAccepted => "Message accepted",
        Hl7ErrorCode.SegmentSequenceError => "Segment sequence error",
        Hl7ErrorCode.RequiredFieldMissing => "Required field missing",
        Hl7ErrorCode.DataTypeError => "Data type error",
        Hl7ErrorCode.TableValueNotFound => "Table value not found",
        Hl7ErrorCode.ValueTooLong => "Value too long",
        Hl7ErrorCode.UnsupportedMessageType => "Unsupported message type",
        Hl7ErrorCode.UnsupportedEventCode => "Unsupported event code",
        Hl7ErrorCode.UnsupportedProcessingId => "Unsupported processing id",
        Hl7ErrorCode.UnsupportedVersionId => "Unsupported version id",
        Hl7ErrorCode.UnknownKeyIdentifier => "Unknown key identifier",
        Hl7ErrorCode.DuplicateKeyIdentifier => "Duplicate key identifier",
        Hl7ErrorCode.ApplicationRecordLocked => "Application record locked",
        _ => "Application internal error",
    };
}
