namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// Answers the Modality Performed Procedure Step SOP class: N-CREATE (a step starts, IN PROGRESS) and N-SET (updates,
/// then COMPLETED or DISCONTINUED). <see cref="Mpps.ModalityPerformedProcedureStepService"/> implements the PS3.4 rules
/// over a pluggable store; implement this interface only to replace those rules.
/// </summary>
public interface IMppsHandler
{
    ValueTask<DicomNResponse> CreateAsync(DicomNRequest request, CancellationToken cancellationToken);

    ValueTask<DicomNResponse> SetAsync(DicomNRequest request, CancellationToken cancellationToken);
}
