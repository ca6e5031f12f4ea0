namespace CloudRisPacs.Core.Exceptions;

public sealed record AuditEntry(string Actor, string Action, string Subject, string Details, DateTimeOffset At);
