using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>Partition and row keys of the pipeline tables (docs/cloud-pipeline.md has the layout).</summary>
public static class PipelineKeys
{
    public const string PatientRow = "patient";
    public const string OrderPrefix = "order|";
    public const string StepPrefix = "sps|";
    public const string StudyLinkPrefix = "study|";
    public const string MessagePrefix = "msg|";
    public const string StudyRow = "study";
    public const string SeriesPrefix = "series|";
    public const string InstancePrefix = "instance|";
    public const string AccessionPrefix = "acc|";
    public const string StudyUidPrefix = "uid|";

    public static string Tenant(TenantId tenant) => tenant.Value;

    /// <summary>A tenant's partitions of a table partitioned by tenant and entity: the prefix of all of them.</summary>
    public static string TenantPrefix(TenantId tenant) => tenant.Value + "|";

    public static string Patient(TenantId tenant, string patientKey) => $"{tenant.Value}|{patientKey}";

    public static string Study(TenantId tenant, string studyUid) => $"{tenant.Value}|{KeyPart.Encode(studyUid)}";

    public static string Order(string orderKey) => OrderPrefix + orderKey;

    public static string Step(string itemKey) => StepPrefix + itemKey;

    public static string StudyLink(string studyUid) => StudyLinkPrefix + KeyPart.Encode(studyUid);

    public static string Message(string messageId) => MessagePrefix + KeyPart.Encode(messageId);

    public static string Series(string seriesUid) => SeriesPrefix + KeyPart.Encode(seriesUid);

    public static string Instance(string seriesUid, string sopUid) => $"{InstancePrefix}{KeyPart.Encode(seriesUid)}|{KeyPart.Encode(sopUid)}";

    public static string Accession(string accession) => AccessionPrefix + KeyPart.Encode(accession);

    public static string StudyUid(string studyUid) => StudyUidPrefix + KeyPart.Encode(studyUid);

    /// <summary>The patient key part of a patient partition key.</summary>
    public static string PatientKeyOf(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var bar = partitionKey.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? partitionKey : partitionKey[(bar + 1)..];
    }
}
