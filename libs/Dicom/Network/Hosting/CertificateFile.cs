using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// A TLS certificate kept in files that the site renews while the service runs. <see cref="Current"/> is asked at each
/// handshake; when the certificate or key file has changed since it was loaded, it is loaded again, so a renewed
/// certificate is in use from the next connection without a restart that would cut off modalities mid-study.
/// </summary>
/// <remarks>
/// Changes are noticed by file size and modification time at each call (two stat calls, far cheaper than a handshake),
/// not by a file system watcher, which misses changes on some mounts. A file that cannot be loaded (copied half way,
/// a certificate that does not match its key yet because the key file is still to come, a wrong password) leaves the
/// previous certificate in use, with a warning once per change of the files: a bad renewal never takes the listener
/// down, and is retried whenever the files change again.
/// </remarks>
public sealed class CertificateFile
{
    /// <summary>Certificates that expire within this time are warned about when loaded.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    private readonly DicomTlsOptions options;
    private readonly string[] paths;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private X509Certificate2 current;
    private string stamps;
    private string? failedStamps;

    /// <summary>Loads the certificate of <paramref name="options"/> now.</summary>
    /// <exception cref="CryptographicException">The files do not hold a usable certificate with its private key.</exception>
    public CertificateFile(DicomTlsOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
        paths = options.Certificate is not null
            ? []
            : new[] { options.CertificatePath, options.PrivateKeyPath }.OfType<string>().ToArray();
        stamps = Stamps();
        current = Load();
    }

    /// <summary>The certificate to present now: the one in the files, reloaded if they changed since.</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (paths.Length == 0)
            {
                return current;
            }

            var now = Stamps();
            lock (gate)
            {
                if (now == stamps || now == failedStamps)
                {
                    return current;
                }

                try
                {
                    current = Load();
                    stamps = now;
                    failedStamps = null;
                }
                catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
                {
                    failedStamps = now;
                    HostingLog.CertificateNotRenewed(logger, ex, options.CertificatePath ?? string.Empty, current.Subject, current.NotAfter);
                }

                return current;
            }
        }
    }

    internal Func<X509Certificate2> CurrentGetter() => () => Current;

    private X509Certificate2 Load()
    {
        var certificate = options.LoadCertificate();
        if (!certificate.HasPrivateKey)
        {
            throw new CryptographicException($"The certificate {certificate.Subject} in '{options.CertificatePath}' comes without its private key.");
        }

        HostingLog.CertificateLoaded(logger, certificate.Subject, certificate.Thumbprint, certificate.NotAfter);
        if (certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < ExpiryWarning)
        {
            HostingLog.CertificateExpiresSoon(logger, certificate.Subject, certificate.NotAfter, options.CertificatePath ?? "(given in code)");
        }

        return certificate;
    }

    /// <summary>What tells a changed file from the one read: its size and modification time.</summary>
    internal static string Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? $"{file.Length}:{file.LastWriteTimeUtc.Ticks}" : "missing";
    }

    private string Stamps() => string.Join('|', paths.Select(Stamp));
}
