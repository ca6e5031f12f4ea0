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

    /// <summary>
    /// Table names. Every table is partitioned by tenant first (PartitionKey starts with the tenant id). The layout is
    /// in docs/cloud-pipeline.md: orders and worklist items live in their patient's partition of <see cref="Patients"/>
    /// and series and instances in their study's partition of <see cref="Studies"/>, so one message is one transaction.
    /// </summary>
    public static class Tables
    {
        /// <summary>The tenant registry: one partition per tenant.</summary>
        public const string Tenants = "Tenants";

        /// <summary>Partition <c>{tenant}|{patient}</c>: the patient, its orders, scheduled steps, study links and processed-message markers.</summary>
        public const string Patients = "Patients";

        /// <summary>Partition <c>{tenant}|{study}</c>: the study, its series and instances.</summary>
        public const string Studies = "Studies";

        /// <summary>Partition <c>{tenant}</c>: SOP Instance UID → study, series and blob (storage commitment looks up here).</summary>
        public const string Instances = "Instances";

        public const string Exceptions = "Exceptions";

        /// <summary>Partition <c>{tenant}</c>: where each message went, and the accession and study UID index.</summary>
        public const string MessageTrace = "MessageTrace";

        /// <summary>Partition <c>{tenant}</c>: messages handled outside a patient partition (MPPS, commitment, delivery results).</summary>
        public const string ProcessedMessages = "ProcessedMessages";

        public const string Corrections = "Corrections";
        public const string Audit = "Audit";

        /// <summary>Partition <c>{tenant}</c>: registered edge agents (client id → tenant, role) and their heartbeats.</summary>
        public const string EdgeAgents = "EdgeAgents";

        public const string Outbound = "Outbound";

        public static IReadOnlyList<string> All { get; } =
        [
            Tenants, Patients, Studies, Instances, Exceptions, MessageTrace, ProcessedMessages, Corrections, Audit,
            EdgeAgents, Outbound,
        ];
    }

    /// <summary>Function app settings (identity-based connections; no keys or connection strings).</summary>
    public static class AppSettings
    {
        public const string TableServiceUri = "CloudRisPacs__Storage__TableServiceUri";
        public const string BlobServiceUri = "CloudRisPacs__Storage__BlobServiceUri";
        public const string ServiceBusNamespace = "CloudRisPacs__ServiceBus__FullyQualifiedNamespace";
        public const string ManagedIdentityClientId = "CloudRisPacs__ManagedIdentityClientId";

        /// <summary>The API app registration's client id: the audience of v2 tokens (and, as <c>api://{id}</c>, of v1 tokens).</summary>
        public const string ApiClientId = "CloudRisPacs__Api__ClientId";

        /// <summary>The API's Entra ID application ID URI, also accepted as audience.</summary>
        public const string ApiAudience = "CloudRisPacs__Api__Audience";

        /// <summary>The Entra ID authority (<c>https://login.microsoftonline.com/{directory}/v2.0</c>): issuer and signing keys.</summary>
        public const string ApiAuthority = "CloudRisPacs__Api__Authority";
    }
}
