namespace CloudRisPacs.Core.Studies;

/// <summary>The <c>study</c> row of a study partition (<c>Studies</c> table, partition <c>{tenant}|{study uid}</c>).</summary>
public sealed record StudyRecord
{
    public required string StudyInstanceUid { get; init; }

    public string? PatientId { get; init; }

    public string? IssuerOfPatientId { get; init; }

    public string? PatientName { get; init; }

    public string? PatientBirthDate { get; init; }

    public string? PatientSex { get; init; }

    /// <summary>The cloud patient the study belongs to once reconciled (its partition key part).</summary>
    public string? PatientKey { get; init; }

    /// <summary>Version stamp of the demographics last propagated to this study.</summary>
    public string? PatientVersion { get; init; }

    /// <summary>(0008,0050) and every Accession Number of the Request Attributes Sequence.</summary>
    public IReadOnlyList<string> AccessionNumbers { get; init; } = [];

    public string? StudyDate { get; init; }

    public string? StudyTime { get; init; }

    public string? StudyDescription { get; init; }

    public string? ReferringPhysicianName { get; init; }

    public IReadOnlyList<string> Modalities { get; init; } = [];

    public IReadOnlyList<string> SopClasses { get; init; } = [];

    public int SeriesCount { get; init; }

    public int InstanceCount { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>One of <see cref="StudyStates"/>.</summary>
    public string State { get; init; } = StudyStates.Unmatched;

    public IReadOnlyList<OrderLink> LinkedOrders { get; init; } = [];

    /// <summary>Performed Procedure Step Status reported by MPPS.</summary>
    public string? PerformedStatus { get; init; }

    public DateTimeOffset FirstInstanceAt { get; init; }

    public DateTimeOffset LastInstanceAt { get; init; }

    /// <summary>When the "examination complete" status went to the RIS for this study's orders.</summary>
    public DateTimeOffset? CompletionSentAt { get; init; }
}

/// <summary>An order a study is reconciled with.</summary>
public sealed record OrderLink(string PatientKey, string OrderKey, string AccessionNumber);

/// <summary>Reconciliation states of a study.</summary>
public static class StudyStates
{
    public const string Unmatched = "unmatched";
    public const string Reconciled = "reconciled";
    public const string PatientMismatch = "patient-mismatch";
    public const string AccessionCollision = "accession-collision";

    /// <summary>Its only matching orders were cancelled or discontinued by the RIS.</summary>
    public const string CancelledOrder = "cancelled-order";
}
