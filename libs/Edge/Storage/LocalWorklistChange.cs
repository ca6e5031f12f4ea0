using CloudRisPacs.Core.Patients;

namespace CloudRisPacs.Edge.Storage;

/// <summary>
/// What a received HL7 message does to the local worklist at once, before the cloud has seen it (see
/// <see cref="WorklistLocalMarks"/>): the orders it withdraws and the demographics it corrects, both for the items of
/// the patient it names.
/// </summary>
/// <param name="PatientIds">The PID-3 identifiers: only items of one of these patients are touched.</param>
/// <param name="Withdrawn">Orders cancelled, discontinued or completed: their items leave the local worklist.</param>
/// <param name="Demographics">Corrected PID name, birth date and sex (empty values keep what the item has), or null.</param>
public sealed record LocalWorklistChange(IReadOnlyList<string> PatientIds, IReadOnlyList<WithdrawnOrder> Withdrawn, PatientDemographics? Demographics);

/// <summary>
/// One withdrawn order as the message names it. An item is the order's when its accession number is one of
/// <paramref name="AccessionNumbers"/> or its placer order number is <paramref name="PlacerOrderNumber"/>, and its
/// requested procedure id is <paramref name="RequestedProcedureId"/> (none for none): the cloud's order key.
/// </summary>
/// <param name="AccessionNumbers">The values at every location a built-in mapping profile reads the accession from.</param>
/// <param name="PlacerOrderNumber">ORC-2 (or OBR-2).</param>
/// <param name="RequestedProcedureId">IPC-2 or OBR-19, or null.</param>
public sealed record WithdrawnOrder(IReadOnlyList<string> AccessionNumbers, string? PlacerOrderNumber, string? RequestedProcedureId);
