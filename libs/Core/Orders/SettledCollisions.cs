using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// Closes the accession collisions the RIS has corrected since. An order refused because its accession belonged to
/// another patient is an open exception; when a later message takes that accession over for the patient the refused
/// one named (the RIS cancelled the wrong patient's order and ordered again), nothing is left for staff to do, and an
/// exception left open would send them after a problem that is gone. Collisions found between images and orders are
/// not touched: those stay for staff.
/// </summary>
internal sealed class SettledCollisions(PipelineServices services)
{
    private const int MaxOpenScanned = 1000;

    public async Task ResolveAsync(TenantId tenant, Hl7Inbound inbound, IngestionOutcome outcome, CancellationToken cancellationToken)
    {
        // A refusal means another patient held the accession, so its correction takes the accession over: any other
        // message (nearly all of them) costs nothing here.
        if (outcome.WasDuplicate || outcome.Trace.PatientKey is not { Length: > 0 } orderedFor || outcome.ReassignedAccessions.Count == 0)
        {
            return;
        }

        var patientId = PatientIdentity.FromKey(orderedFor).Id;
        var open = await services.Exceptions.ListAsync(tenant, ExceptionStatus.Open, ExceptionKinds.AccessionCollision, MaxOpenScanned, cancellationToken)
            .ConfigureAwait(false);
        var refusedOrders = open.Where(e => e.StudyInstanceUid is null && e.MessageId != inbound.MessageId && e.PatientId == patientId
            && e.AccessionNumber is { } accession && outcome.ReassignedAccessions.Contains(accession, StringComparer.Ordinal));
        var owner = await services.Resolver.ResolveAsync(tenant, orderedFor, cancellationToken).ConfigureAwait(false);
        foreach (var refused in refusedOrders)
        {
            var entry = await services.Accessions.GetAsync(tenant, refused.AccessionNumber!, cancellationToken).ConfigureAwait(false);
            if (entry is not { HasOrders: true }
                || await services.Resolver.ResolveAsync(tenant, entry.PatientKey, cancellationToken).ConfigureAwait(false) != owner)
            {
                continue;
            }

            await services.Exceptions.ResolveAsync(tenant, refused.Id, "system",
                $"Accession {refused.AccessionNumber} was ordered for patient {patientId} by message {inbound.MessageId}: the RIS corrected the order.",
                cancellationToken).ConfigureAwait(false);
        }
    }
}
