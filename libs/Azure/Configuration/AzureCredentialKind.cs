namespace CloudRisPacs.Azure.Configuration;

/// <summary>Which Entra ID credential the adapters use when they connect by service URI.</summary>
public enum AzureCredentialKind
{
    /// <summary><c>DefaultAzureCredential</c>: environment, workload identity, managed identity, developer tools.</summary>
    Default,

    /// <summary>A managed identity: user-assigned when a client id is given, otherwise system-assigned.</summary>
    ManagedIdentity,

    /// <summary>An app registration authenticating with a certificate file (an edge agent outside Azure).</summary>
    ClientCertificate,
}
