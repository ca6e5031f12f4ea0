namespace CloudRisPacs.Core.Orders;

/// <summary>
/// Thrown when an HL7 message cannot be applied for a reason the message itself carries (unmapped order status, no
/// accession, circular merge ...). The ingestion handler turns it into an exception row with the raw message and, in
/// enhanced mode, an AE/AR outcome; the bus message completes (it is handled, visibly).
/// </summary>
public sealed class Hl7RejectionException : Exception
{
    public Hl7RejectionException()
    {
    }

    public Hl7RejectionException(string message)
        : base(message)
    {
    }

    public Hl7RejectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Hl7RejectionException(string message, string errorCode, string? accession = null)
        : base(message)
    {
        ErrorCode = errorCode;
        AccessionNumber = accession;
    }

    /// <summary>HL7 table 0357 code for the outcome (207 application error by default).</summary>
    public string ErrorCode { get; } = "207";

    public string? AccessionNumber { get; }

    /// <summary>The exception kind to record (default <see cref="Exceptions.ExceptionKinds.RejectedMessage"/>).</summary>
    public string Kind { get; init; } = Exceptions.ExceptionKinds.RejectedMessage;
}
