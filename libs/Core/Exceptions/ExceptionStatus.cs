namespace CloudRisPacs.Core.Exceptions;

public enum ExceptionStatus
{
    Open,
    Resolved,
}
