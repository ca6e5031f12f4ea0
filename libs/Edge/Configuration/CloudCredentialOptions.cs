namespace CloudRisPacs.Edge.Configuration;

/// <summary>
/// The agent's Entra ID identity (section <c>EdgeAgent:Cloud:Credential</c>). On premises that is an app registration
/// with a client certificate: <see cref="EntraTenantId"/>, <see cref="ClientId"/> and <see cref="CertificatePath"/>.
/// Without a certificate path the default Azure credential chain is used (for agents running on an Azure VM).
/// </summary>
public sealed class CloudCredentialOptions
{
    public string? EntraTenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>PEM or PFX file with the certificate and its private key.</summary>
    public string? CertificatePath { get; set; }
}
