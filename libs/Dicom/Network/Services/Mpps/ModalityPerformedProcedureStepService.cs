using CloudRisPacs.Dicom.Network.Dimse;

namespace CloudRisPacs.Dicom.Network.Services.Mpps;

/// <summary>
/// Modality Performed Procedure Step SCP (PS3.4 annex F.7) over an <see cref="IMppsStore"/>. N-CREATE: the required
/// attributes must be there (0120 missing, 0121 empty), the status must be IN PROGRESS (0106), the instance must be new
/// (0111); without an instance UID one is assigned and returned. N-SET: the instance must exist (0112) and still be IN
/// PROGRESS (0110 with Error ID A710 "may no longer be updated"); the new status must be IN PROGRESS, COMPLETED or
/// DISCONTINUED (0106); attributes N-SET may not change are refused when their value changes (0106); the final state
/// needs end date, end time and the performed series (0120/0121).
/// </summary>
public sealed class ModalityPerformedProcedureStepService(IMppsStore store) : IMppsHandler
{
    private readonly SemaphoreSlim[] locks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async ValueTask<DicomNResponse> CreateAsync(DicomNRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attributes = request.DataSet ?? new DicomDataset();
        MppsRules.RequirePresent(attributes, MppsRules.RequiredAtCreate, "in N-CREATE");
        var status = attributes.GetString(DicomTag.PerformedProcedureStepStatus)?.Trim();
        if (status != MppsStatus.InProgress)
        {
            throw new DicomServiceException(DicomStatus.InvalidAttributeValue, $"N-CREATE must create an IN PROGRESS step, not {status}.") { OffendingElements = [DicomTag.PerformedProcedureStepStatus] };
        }

        if (attributes.GetSequence(DicomTag.ScheduledStepAttributesSequence)!.Items.Any(item => string.IsNullOrWhiteSpace(item.GetString(DicomTag.StudyInstanceUID))))
        {
            throw new DicomServiceException(DicomStatus.MissingAttributeValue, "Every Scheduled Step Attributes item needs a Study Instance UID.") { OffendingElements = [DicomTag.StudyInstanceUID] };
        }

        var assigned = string.IsNullOrWhiteSpace(request.SopInstanceUid);
        var uid = assigned ? DicomUid.Generate().Value : request.SopInstanceUid!;
        var gate = Gate(uid);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await store.TryCreateAsync(uid, attributes, cancellationToken).ConfigureAwait(false))
            {
                throw new DicomServiceException(DicomStatus.DuplicateSopInstance, $"Performed procedure step {uid} exists already.");
            }
        }
        finally
        {
            gate.Release();
        }

        return new DicomNResponse(DicomStatus.Success, SopInstanceUid: assigned ? uid : null);
    }

    public async ValueTask<DicomNResponse> SetAsync(DicomNRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = request.SopInstanceUid;
        if (string.IsNullOrWhiteSpace(uid))
        {
            throw new DicomServiceException(DicomStatus.NoSuchSopInstance, "N-SET names no SOP instance.");
        }

        var modifications = request.DataSet ?? new DicomDataset();
        var gate = Gate(uid);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await store.GetAsync(uid, cancellationToken).ConfigureAwait(false)
                ?? throw new DicomServiceException(DicomStatus.NoSuchSopInstance, $"Performed procedure step {uid} does not exist.");
            if (current.GetString(DicomTag.PerformedProcedureStepStatus)?.Trim() != MppsStatus.InProgress)
            {
                throw new DicomServiceException(DicomStatus.ProcessingFailure, "Performed Procedure Step Object may no longer be updated") { ErrorId = MppsStatus.MayNoLongerBeUpdatedErrorId };
            }

            var status = modifications.GetString(DicomTag.PerformedProcedureStepStatus)?.Trim();
            if (modifications.Contains(DicomTag.PerformedProcedureStepStatus) && status is not (MppsStatus.InProgress or MppsStatus.Completed or MppsStatus.Discontinued))
            {
                throw new DicomServiceException(DicomStatus.InvalidAttributeValue, $"'{status}' is not IN PROGRESS, COMPLETED or DISCONTINUED.") { OffendingElements = [DicomTag.PerformedProcedureStepStatus] };
            }

            foreach (var tag in MppsRules.NotSettable)
            {
                if (modifications.GetEntry(tag) is { } entry && MppsRules.Changes(entry, current))
                {
                    throw new DicomServiceException(DicomStatus.InvalidAttributeValue, $"{tag} {DicomDictionary.Describe(tag)} may not be changed by N-SET.") { OffendingElements = [tag] };
                }
            }

            var merged = current.Clone();
            if (!modifications.CharacterSet.Equals(merged.CharacterSet))
            {
                // PS3.4 F.7.2.2.3: the N-SET's character set adds to the instance's; both become UTF-8 so that every value fits.
                merged.ChangeCharacterSet(DicomCharacterSet.Utf8);
                modifications = modifications.Clone();
                modifications.ChangeCharacterSet(DicomCharacterSet.Utf8);
            }

            foreach (var entry in modifications)
            {
                if (!entry.Tag.IsGroupLength && entry.Tag != DicomTag.SpecificCharacterSet)
                {
                    merged.Set(entry.Clone());
                }
            }

            if (status is MppsStatus.Completed or MppsStatus.Discontinued)
            {
                MppsRules.RequirePresent(merged, MppsRules.RequiredWhenFinal, $"to set the status {status}");
            }

            await store.UpdateAsync(uid, merged, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        return DicomNResponse.Success;
    }

    private SemaphoreSlim Gate(string uid) => locks[(StringComparer.Ordinal.GetHashCode(uid) & int.MaxValue) % locks.Length];
}
