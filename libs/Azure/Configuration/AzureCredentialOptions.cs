using Azure.Core;
using Azure.Identity;

namespace CloudRisPacs.Azure.Configuration;

/// <summary>
/// The Entra ID credential (configuration section <c>CloudRisPacs:Credential</c>; the function app's
/// <c>CloudRisPacs:ManagedIdentityClientId</c> setting fills <see cref="ManagedIdentityClientId"/>). Only used for
/// clients configured by service URI; connection strings (Azurite) carry their own key.
/// </summary>
public sealed class AzureCredentialOptions
{
    public const string SectionName = "Credential";

    public AzureCredentialKind Kind { get; set; } = AzureCredentialKind.Default;

    /// <summary>Client id of a user-assigned managed identity (for <see cref="AzureCredentialKind.Default"/> and <see cref="AzureCredentialKind.ManagedIdentity"/>).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Entra directory (tenant) id, for <see cref="AzureCredentialKind.ClientCertificate"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>Application (client) id, for <see cref="AzureCredentialKind.ClientCertificate"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>PEM or PFX file holding the certificate and its private key, for <see cref="AzureCredentialKind.ClientCertificate"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Problems with the settings, in plain words; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add($"{SectionName}:Kind '{Kind}' is not one of Default, ManagedIdentity, ClientCertificate.");
        }

        if (Kind == AzureCredentialKind.ClientCertificate)
        {
            if (!Guid.TryParse(TenantId, out _))
            {
                problems.Add($"{SectionName}:TenantId must be the Entra directory id (a GUID) for a client certificate credential.");
            }

            if (!Guid.TryParse(ClientId, out _))
            {
                problems.Add($"{SectionName}:ClientId must be the application (client) id (a GUID) for a client certificate credential.");
            }

            if (string.IsNullOrWhiteSpace(CertificatePath))
            {
                problems.Add($"{SectionName}:CertificatePath is required for a client certificate credential.");
            }
            else if (!File.Exists(CertificatePath))
            {
                problems.Add($"{SectionName}:CertificatePath '{CertificatePath}' does not exist.");
            }
        }
        else if (ManagedIdentityClientId is not null && !Guid.TryParse(ManagedIdentityClientId, out _))
        {
            problems.Add($"{SectionName}:ManagedIdentityClientId '{ManagedIdentityClientId}' is not a client id (a GUID).");
        }

        return problems;
    }

    /// <summary>Creates the credential; throws <see cref="AzureConfigurationException"/> when the settings are invalid.</summary>
    public TokenCredential CreateCredential()
    {
        AzureConfigurationException.ThrowIfAny("the Entra ID credential", Validate());
        return Kind switch
        {
            AzureCredentialKind.ManagedIdentity => new ManagedIdentityCredential(
                ManagedIdentityClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(ManagedIdentityClientId)),
            AzureCredentialKind.ClientCertificate => new ClientCertificateCredential(TenantId, ClientId, CertificatePath),
            _ => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ManagedIdentityClientId }),
        };
    }
}
