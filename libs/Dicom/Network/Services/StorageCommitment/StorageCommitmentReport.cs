using System.Text;

namespace CloudRisPacs.Dicom.Network.Services.StorageCommitment;

/// <summary>
/// The N-EVENT-REPORT of Storage Commitment Push Model (PS3.4 J.3.3): event type 1 when every instance is committed,
/// 2 when some failed; the committed ones in Referenced SOP Sequence, the failed ones in Failed SOP Sequence.
/// </summary>
public sealed record StorageCommitmentReport(string TransactionUid, IReadOnlyList<DicomSopReference> Committed, IReadOnlyList<StorageCommitmentFailure> Failed)
{
    public const ushort AllCommittedEventType = 1;
    public const ushort SomeFailedEventType = 2;

    /// <summary>Retrieve AE Title (0008,0054), when the SCP names where the instances can be retrieved.</summary>
    public string? RetrieveAeTitle { get; init; }

    public ushort EventTypeId => Failed.Count == 0 ? AllCommittedEventType : SomeFailedEventType;

    /// <summary>
    /// The report of a decision on <paramref name="requested"/>: every requested instance once, committed or failed.
    /// Instances the result names without their having been requested are left out; requested ones it does not decide
    /// on are reported as failed with processing failure.
    /// </summary>
    public static StorageCommitmentReport Of(string transactionUid, IReadOnlyList<DicomSopReference> requested, StorageCommitmentResult result)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(result);
        var committed = result.Committed.Where(requested.Contains).Distinct().ToList();
        var failed = result.Failed.Where(f => requested.Contains(f.Instance) && !committed.Contains(f.Instance)).DistinctBy(f => f.Instance).ToList();
        failed.AddRange(requested.Where(i => !committed.Contains(i) && failed.All(f => f.Instance != i))
            .Select(i => new StorageCommitmentFailure(i, StorageCommitmentFailureReason.ProcessingFailure)));
        return new StorageCommitmentReport(transactionUid, committed, failed);
    }

    public DicomDataset ToDataSet()
    {
        var dataSet = new DicomDataset();
        SetUid(dataSet, DicomTag.TransactionUID, TransactionUid);
        if (RetrieveAeTitle is not null)
        {
            dataSet.SetString(DicomTag.RetrieveAETitle, RetrieveAeTitle);
        }

        if (Committed.Count > 0)
        {
            dataSet.SetSequence(DicomTag.ReferencedSOPSequence, Committed.Select(Item).ToArray());
        }

        if (Failed.Count > 0)
        {
            dataSet.SetSequence(DicomTag.FailedSOPSequence, Failed.Select(f => Item(f.Instance).SetNumber(DicomTag.FailureReason, f.FailureReason)).ToArray());
        }

        return dataSet;
    }

    /// <summary>Reads a report from the event information of an N-EVENT-REPORT; tolerant of missing sequences.</summary>
    public static StorageCommitmentReport FromDataSet(DicomDataset dataSet)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        var committed = References(dataSet, DicomTag.ReferencedSOPSequence).Select(pair => pair.Reference).ToArray();
        var failed = References(dataSet, DicomTag.FailedSOPSequence)
            .Select(pair => new StorageCommitmentFailure(pair.Reference, pair.Item.GetNumber<ushort>(DicomTag.FailureReason) ?? StorageCommitmentFailureReason.ProcessingFailure))
            .ToArray();
        return new StorageCommitmentReport(dataSet.GetString(DicomTag.TransactionUID) ?? string.Empty, committed, failed)
        {
            RetrieveAeTitle = dataSet.GetString(DicomTag.RetrieveAETitle),
        };
    }

    internal static IEnumerable<(DicomSopReference Reference, DicomDataset Item)> References(DicomDataset dataSet, DicomTag sequence) =>
        (dataSet.GetSequence(sequence)?.Items ?? [])
            .Select(item => (new DicomSopReference(item.GetString(DicomTag.ReferencedSOPClassUID) ?? string.Empty, item.GetString(DicomTag.ReferencedSOPInstanceUID) ?? string.Empty), item));

    internal static DicomDataset Item(DicomSopReference reference)
    {
        var item = new DicomDataset();
        SetUid(item, DicomTag.ReferencedSOPClassUID, reference.SopClassUid);
        SetUid(item, DicomTag.ReferencedSOPInstanceUID, reference.SopInstanceUid);
        return item;
    }

    // Echoed as the requester sent them, even when slightly malformed, so that it recognizes its own instances.
    private static void SetUid(DicomDataset dataSet, DicomTag tag, string uid) => dataSet.SetBytes(tag, DicomVR.UI, Encoding.ASCII.GetBytes(uid));
}
