namespace CloudRisPacs.Dicom.Network.Services.Mpps;

/// <summary>
/// Where Modality Performed Procedure Step instances are kept (the edge agent persists them and forwards each change).
/// <see cref="ModalityPerformedProcedureStepService"/> calls it only for changes the PS3.4 rules allow, one at a time
/// per instance, and answers success only after the call returns: store durably before returning.
/// </summary>
public interface IMppsStore
{
    /// <summary>The instance's attributes, or null when it does not exist.</summary>
    ValueTask<DicomDataset?> GetAsync(string sopInstanceUid, CancellationToken cancellationToken);

    /// <summary>Creates the instance (status IN PROGRESS); false when an instance with this UID exists already.</summary>
    ValueTask<bool> TryCreateAsync(string sopInstanceUid, DicomDataset attributes, CancellationToken cancellationToken);

    /// <summary>Replaces the instance's attributes with the merged result of an N-SET.</summary>
    ValueTask UpdateAsync(string sopInstanceUid, DicomDataset attributes, CancellationToken cancellationToken);
}
