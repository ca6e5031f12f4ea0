namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>A referenced SOP instance, as in Storage Commitment's Referenced SOP Sequence.</summary>
public sealed record SopInstanceReference(string SopClassUid, string SopInstanceUid);
