using System.Net;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// Configuration of a <see cref="DicomServer"/> (bind it from the edge agent's configuration file). Calling AE titles
/// must be listed unless <see cref="AllowAnyCallingAeTitle"/> is set explicitly, which is meant for development only.
/// </summary>
public sealed class DicomServerOptions
{
    /// <summary>This application entity's title; associations calling another title are rejected (unless <see cref="CheckCalledAeTitle"/> is false).</summary>
    public string AeTitle { get; set; } = "CLOUDRISPACS";

    /// <summary>The address to listen on: an IP address, or "*"/"0.0.0.0" for every IPv4 interface, "::" for IPv6.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The TCP port (104 is the registered DICOM port; 11112 needs no privileges). 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 11112;

    /// <summary>The calling AE titles accepted (exact, case-sensitive, as PS3.8 compares them).</summary>
    public IList<string> AllowedCallingAeTitles { get; set; } = [];

    /// <summary>Accept any calling AE title. For development only: production lists its modalities.</summary>
    public bool AllowAnyCallingAeTitle { get; set; }

    /// <summary>Reject associations whose called AE title is not <see cref="AeTitle"/>.</summary>
    public bool CheckCalledAeTitle { get; set; } = true;

    /// <summary>
    /// An extra decision on each association request, after the AE title checks: it sees the calling and called AE
    /// titles and the remote endpoint, and returns why the request is refused, or null to go on. A refusal becomes an
    /// A-ASSOCIATE-RJ (permanent, service user, calling AE title not recognized) and a log line with the reason. It runs
    /// on the association's own task, so it must be quick (resolve host names beforehand). Null: no extra check.
    /// </summary>
    public Func<DicomAssociationCandidate, string?>? AssociationCheck { get; set; }

    /// <summary>
    /// Verifies the user identity of association requests (PS3.7 D.3.3.7), after the AE title checks and
    /// <see cref="AssociationCheck"/>: a rejected identity, or one the validator cannot decide on within
    /// <see cref="ArtimTimeout"/>, refuses the association. Only a verified identity gets the positive response a
    /// requestor may ask for. Null: identities are not looked at (and no positive response is sent).
    /// </summary>
    public IDicomUserIdentityValidator? UserIdentityValidator { get; set; }

    /// <summary>
    /// Refuse association requests that present no user identity. False: a request without one is accepted (if the
    /// rest allows), and one that presents an identity must pass <see cref="UserIdentityValidator"/>.
    /// </summary>
    public bool RequireUserIdentity { get; set; }

    /// <summary>Associations served at once; one more is rejected as "local limit exceeded" (transient).</summary>
    public int MaxConcurrentAssociations { get; set; } = 16;

    /// <summary>The maximum P-DATA-TF PDU length announced and accepted.</summary>
    public int MaxPduLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Operations a requestor may have outstanding on one association when it proposes an asynchronous operations
    /// window (PS3.7 D.3.3.3): several C-STOREs in flight let their durable writes overlap. Default 8.
    /// </summary>
    public int MaxAsyncOperations { get; set; } = 8;

    /// <summary>The ARTIM timer: time allowed for the association request after connecting (and for TLS), and for closing after a release or abort.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An association with no PDU in either direction for this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A PDU that stops arriving half-way, or a write the peer does not take, for this long aborts the association.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long stopping the server waits for associations to finish before aborting them.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS (PS3.15 BCP 195 profile); null for plain TCP.</summary>
    public DicomTlsOptions? Tls { get; set; }

    /// <summary>Every problem with these options, in words a configuration file's author understands; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!DicomAeTitle.IsValid(AeTitle))
        {
            problems.Add($"AeTitle '{AeTitle}' is not a valid AE title (1 to 16 characters, no backslash or control characters).");
        }

        if (ParseBindAddress() is null)
        {
            problems.Add($"BindAddress '{BindAddress}' is not an IP address.");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"Port {Port} is not a TCP port.");
        }

        if (!AllowAnyCallingAeTitle && AllowedCallingAeTitles.Count == 0)
        {
            problems.Add("AllowedCallingAeTitles is empty: list the modalities' AE titles (or set AllowAnyCallingAeTitle for development).");
        }

        problems.AddRange(AllowedCallingAeTitles.Where(t => !DicomAeTitle.IsValid(t)).Select(t => $"AllowedCallingAeTitles: '{t}' is not a valid AE title."));
        if (RequireUserIdentity && UserIdentityValidator is null)
        {
            problems.Add("RequireUserIdentity needs a UserIdentityValidator to verify the identities.");
        }

        if (MaxConcurrentAssociations < 1)
        {
            problems.Add("MaxConcurrentAssociations must be at least 1.");
        }

        if (MaxAsyncOperations is < 1 or > ushort.MaxValue)
        {
            problems.Add($"MaxAsyncOperations {MaxAsyncOperations} is outside 1 to {ushort.MaxValue}.");
        }

        if (MaxPduLength is < 4096 or > (int)PduReader.MaxAssociatePduLength * 16)
        {
            problems.Add($"MaxPduLength {MaxPduLength} is outside 4096 to {PduReader.MaxAssociatePduLength * 16}.");
        }

        foreach (var (name, value) in new[] { ("ArtimTimeout", ArtimTimeout), ("IdleTimeout", IdleTimeout), ("ReadTimeout", ReadTimeout), ("ShutdownTimeout", ShutdownTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{name} must be positive.");
            }
        }

        if (Tls is not null)
        {
            problems.AddRange(Tls.Validate());
        }

        return problems;
    }

    internal IPAddress? ParseBindAddress() => BindAddress.Trim() switch
    {
        "*" or "" => IPAddress.Any,
        var text => IPAddress.TryParse(text, out var address) ? address : null,
    };
}
