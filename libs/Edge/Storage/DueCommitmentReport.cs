using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Edge.Storage;

/// <summary>A storage commitment whose result waits to be reported to its modality, with the attempts made so far.</summary>
public sealed record DueCommitmentReport(CommitmentRequest Request, CommitmentResult Result, int Attempts);
