using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Ack;

/// <summary>One fault to report in an ERR segment: table 0357 code, location, text and severity (E, W, I, F).</summary>
public sealed record Hl7AckError(Hl7ErrorCode Code, Hl7Location Location, string Message, string Severity = "E")
{
    public static Hl7AckError From(Hl7ParseException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new Hl7AckError(exception.ErrorCode, exception.Location, exception.Message);
    }
}
