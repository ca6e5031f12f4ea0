namespace CloudRisPacs.Edge.Spool;

/// <summary>What <see cref="DicomSpool.RecoverAsync"/> found and did.</summary>
public sealed class SpoolRecoveryResult
{
    /// <summary>Partial files and files already uploaded, deleted.</summary>
    public int Removed { get; internal set; }

    /// <summary>Complete files whose index row was lost, indexed again from the file.</summary>
    public int Adopted { get; internal set; }

    /// <summary>Complete files that could not be read, moved to the spool's <c>unreadable</c> folder.</summary>
    public int Quarantined { get; internal set; }
}
