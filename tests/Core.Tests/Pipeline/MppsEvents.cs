using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>MPPS events as the edge agent forwards them, for patient PAT1001 on a CT.</summary>
public static class MppsEvents
{
    public static MppsEvent Mpps(string status, string study, params string[] accessions) => new()
    {
        MppsInstanceUid = "1.2.826.0.1.3680043.2.1125.7",
        Operation = status == "IN PROGRESS" ? "create" : "set",
        Status = status,
        AccessionNumbers = accessions,
        StudyInstanceUids = [study],
        PatientId = "PAT1001",
        Modality = "CT",
    };
}
