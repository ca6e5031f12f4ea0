namespace CloudRisPacs.Core.Tenancy;

/// <summary>
/// Names of the cloud resources code and infrastructure share. The Bicep in <c>infra/</c> creates exactly these;
/// a contract test compares the compiled templates with these constants so the two cannot drift apart.
/// </summary>
public static class CloudResourceNames
{
    /// <summary>Edge → cloud: HL7 received, instances stored, MPPS, commitment requests. Sessions keep per-patient order.</summary>
    public static string IngressQueue(TenantId tenant) => $"ingress-{tenant.Value}";

    /// <summary>Cloud → edge: worklist changes, outbound HL7 for the RIS, acknowledgement outcomes, commitment results.</summary>
    public static string EdgeQueue(TenantId tenant) => $"edge-{tenant.Value}";

    /// <summary>The tenant's DICOM instances, as <c>{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm</c>.</summary>
    public static string DicomContainer(TenantId tenant) => $"dicom-{tenant.Value}";

    /// <summary>Message bodies too large for the transport (claim check), written by the tenant's edge agent.</summary>
    public static string ClaimCheckContainer(TenantId tenant) => $"claims-{tenant.Value}";

    /// <summary>Table names. Every table is partitioned by tenant first (PartitionKey starts with the tenant id).</summary>
    public static class Tables
    {
        public const string Tenants = "Tenants";
        public const string Patients = "Patients";
        public const string Orders = "Orders";
        public const string Worklist = "Worklist";
        public const string Studies = "Studies";
        public const string Series = "Series";
        public const string Instances = "Instances";
        public const string Exceptions = "Exceptions";
        public const string MessageTrace = "MessageTrace";
        public const string ProcessedMessages = "ProcessedMessages";
        public const string Corrections = "Corrections";
        public const string Audit = "Audit";
        public const string EdgeAgents = "EdgeAgents";
        public const string Outbound = "Outbound";

        public static IReadOnlyList<string> All { get; } =
        [
            Tenants, Patients, Orders, Worklist, Studies, Series, Instances, Exceptions, MessageTrace,
            ProcessedMessages, Corrections, Audit, EdgeAgents, Outbound,
        ];
    }

    /// <summary>Function app settings (identity-based connections; no keys or connection strings).</summary>
    public static class AppSettings
    {
        public const string TableServiceUri = "CloudRisPacs__Storage__TableServiceUri";
        public const string BlobServiceUri = "CloudRisPacs__Storage__BlobServiceUri";
        public const string ServiceBusNamespace = "CloudRisPacs__ServiceBus__FullyQualifiedNamespace";
        public const string ManagedIdentityClientId = "CloudRisPacs__ManagedIdentityClientId";
    }
}
