namespace CloudRisPacs.Hl7.Er7;

/// <summary>
/// The one exception the parser throws for bad input: what is wrong, where (<see cref="Location"/>) and the HL7
/// table 0357 code an acknowledgement should carry (<see cref="ErrorCode"/>).
/// </summary>
public sealed class Hl7ParseException : FormatException
{
    public Hl7ParseException()
        : this("The HL7 message could not be parsed.")
    {
    }

    public Hl7ParseException(string message)
        : this(message, Hl7ErrorCode.ApplicationInternalError, Hl7Location.Message)
    {
    }

    public Hl7ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = Hl7ErrorCode.ApplicationInternalError;
        Location = Hl7Location.Message;
    }

    public Hl7ParseException(string message, Hl7ErrorCode errorCode, Hl7Location location)
        : base(message)
    {
        ErrorCode = errorCode;
        Location = location;
    }

    /// <summary>The table 0357 code for the ERR segment of a negative acknowledgement.</summary>
    public Hl7ErrorCode ErrorCode { get; }

    /// <summary>Where the fault is; <see cref="Hl7Location.Message"/> when it concerns the message as a whole.</summary>
    public Hl7Location Location { get; }

    /// <summary>True when the fault is a configured limit (size, segment count, fields, delimiters).</summary>
    public bool IsLimitExceeded { get; init; }
}
