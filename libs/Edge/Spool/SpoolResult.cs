namespace CloudRisPacs.Edge.Spool;

/// <summary>
/// The answer to a C-STORE: success only once the file and its index row are durable. The status codes are the
/// C-STORE statuses of PS3.4 Annex B (0000 success, A700 out of resources, A900 data set does not match SOP class,
/// C000 cannot understand).
/// </summary>
public sealed record SpoolResult(ushort Status, string? Reason, long Bytes, string? SpoolId)
{
    public const ushort Success = 0x0000;
    public const ushort OutOfResources = 0xA700;
    public const ushort DataSetDoesNotMatch = 0xA900;
    public const ushort CannotUnderstand = 0xC000;

    public bool IsSuccess => Status == Success;

    public static SpoolResult Stored(long bytes, string spoolId) => new(Success, null, bytes, spoolId);

    public static SpoolResult Failed(ushort status, string reason) => new(status, reason, 0, null);
}
