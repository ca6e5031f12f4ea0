using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Patients;

/// <summary>Follows A40 merge pointers (<see cref="PatientRecord.MergedInto"/>) to the surviving patient.</summary>
public sealed class PatientResolver(PatientPartitionStore store)
{
    public const int MaxChain = 16;

    /// <summary>The surviving patient's key (the key itself when it was never merged); throws on a cycle.</summary>
    public async Task<string> ResolveAsync(TenantId tenant, string patientKey, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { patientKey };
        var current = patientKey;
        for (var hop = 0; hop < MaxChain; hop++)
        {
            var (patient, _) = await store.GetPatientAsync(tenant, current, cancellationToken).ConfigureAwait(false);
            if (patient?.MergedInto is not { } next)
            {
                return current;
            }

            if (!seen.Add(next))
            {
                throw new Hl7RejectionException($"The merge pointers of patient {PatientIdentity.FromKey(patientKey)} form a cycle through {PatientIdentity.FromKey(next)}.", "207");
            }

            current = next;
        }

        throw new Hl7RejectionException($"Patient {PatientIdentity.FromKey(patientKey)} was merged more than {MaxChain} times in a chain.", "207");
    }
}
