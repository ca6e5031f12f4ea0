namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// Where a RIS puts the values the worklist and reconciliation need, as ordered lists of HL7 locations
/// (<c>SEG-field</c> or <c>SEG-field.component</c>, e.g. <c>OBR-18</c>, <c>IPC-1</c>, <c>ORC-7.4</c>); the first
/// location with a value wins. The defaults follow the IHE Radiology Technical Framework's HL7 → DICOM Modality
/// Worklist mapping (RAD-4 with HL7 v2.3.1 ORM: OBR-18 accession, OBR-19 requested procedure id, OBR-20 step id,
/// OBR-24 modality, ZDS-1 study UID; RAD-4 with v2.5.1 OMI: the IPC segment first). Vendors differ, so tenants can
/// pick another profile or give their own map.
/// </summary>
public sealed record Hl7FieldMap
{
    public const string IheProfile = "ihe";
    public const string FillerOrderAccessionProfile = "filler-order-accession";

    public static IReadOnlyList<string> ProfileNames { get; } = [IheProfile, FillerOrderAccessionProfile];

    public IReadOnlyList<string> AccessionNumber { get; init; } = ["IPC-1", "OBR-18"];

    public IReadOnlyList<string> RequestedProcedureId { get; init; } = ["IPC-2", "OBR-19"];

    public IReadOnlyList<string> StudyInstanceUid { get; init; } = ["IPC-3", "ZDS-1"];

    public IReadOnlyList<string> ScheduledProcedureStepId { get; init; } = ["IPC-4", "OBR-20"];

    public IReadOnlyList<string> Modality { get; init; } = ["IPC-5", "OBR-24"];

    /// <summary>Coded: each location is read as CE/CWE.</summary>
    public IReadOnlyList<string> ScheduledProtocolCode { get; init; } = ["IPC-6", "OBR-4"];

    /// <summary>Coded; its text becomes the Requested Procedure Description.</summary>
    public IReadOnlyList<string> RequestedProcedureCode { get; init; } = ["OBR-44", "OBR-4"];

    public IReadOnlyList<string> ScheduledStationName { get; init; } = ["IPC-7"];

    public IReadOnlyList<string> ScheduledStationAeTitle { get; init; } = ["IPC-9"];

    public IReadOnlyList<string> ScheduledStart { get; init; } = ["TQ1-7", "ORC-7.4", "OBR-27.4", "OBR-36", "OBR-6"];

    public IReadOnlyList<string> Priority { get; init; } = ["TQ1-9", "ORC-7.6", "OBR-27.6", "OBR-5"];

    /// <summary>Person (XCN) locations.</summary>
    public IReadOnlyList<string> ReferringPhysician { get; init; } = ["PV1-8", "OBR-16", "ORC-12"];

    public IReadOnlyList<string> ScheduledPerformingPhysician { get; init; } = ["OBR-34"];

    /// <summary>A built-in profile by name.</summary>
    public static Hl7FieldMap ForProfile(string? name) => name switch
    {
        null or "" or IheProfile => new Hl7FieldMap(),

        // RIS that use the filler order number (ORC-3) as accession and put the modality in OBR-21.
        FillerOrderAccessionProfile => new Hl7FieldMap
        {
            AccessionNumber = ["IPC-1", "ORC-3", "OBR-3", "OBR-18"],
            Modality = ["IPC-5", "OBR-21", "OBR-24"],
        },
        _ => throw new ArgumentException(
            $"Unknown HL7 mapping profile '{name}'; known profiles: {string.Join(", ", ProfileNames)}.", nameof(name)),
    };

    /// <summary>Problems with the locations (syntax), for options validation.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(string target, IReadOnlyList<string> locations)
        {
            foreach (var location in locations)
            {
                if (!Hl7FieldLocation.TryParse(location, out _))
                {
                    problems.Add($"{target}: '{location}' is not a location like OBR-18 or ORC-7.4.");
                }
            }
        }

        Check(nameof(AccessionNumber), AccessionNumber);
        Check(nameof(RequestedProcedureId), RequestedProcedureId);
        Check(nameof(StudyInstanceUid), StudyInstanceUid);
        Check(nameof(ScheduledProcedureStepId), ScheduledProcedureStepId);
        Check(nameof(Modality), Modality);
        Check(nameof(ScheduledProtocolCode), ScheduledProtocolCode);
        Check(nameof(RequestedProcedureCode), RequestedProcedureCode);
        Check(nameof(ScheduledStationName), ScheduledStationName);
        Check(nameof(ScheduledStationAeTitle), ScheduledStationAeTitle);
        Check(nameof(ScheduledStart), ScheduledStart);
        Check(nameof(Priority), Priority);
        Check(nameof(ReferringPhysician), ReferringPhysician);
        Check(nameof(ScheduledPerformingPhysician), ScheduledPerformingPhysician);
        return problems;
    }
}
