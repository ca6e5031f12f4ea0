using System.Globalization;
using System.Security.Cryptography;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Edge.Configuration;

namespace CloudRisPacs.Edge.Check;

/// <summary>
/// The <c>check</c> lines for the agent's TLS certificates: each configured one loads with its private key and is valid
/// today, with the date it expires; one that expires within <see cref="CertificateFile.ExpiryWarning"/> says so, because
/// an expired certificate stops every modality and the RIS at once.
/// </summary>
public static class CertificateCheck
{
    public static IReadOnlyList<CheckResult> Check(EdgeAgentOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var results = new List<CheckResult>();
        if (options.Dicom.Tls is { } dicom)
        {
            results.Add(Check("TLS certificate (DICOM)", dicom, now));
        }

        if (options.Mllp.Tls is { } mllp)
        {
            results.Add(Check("TLS certificate (HL7)", mllp, now));
        }

        return results;
    }

    private static CheckResult Check(string subject, TlsSettings tls, DateTime now)
    {
        try
        {
            using var certificate = EdgeTls.LoadCertificate(tls);
            var notBefore = certificate.NotBefore.ToUniversalTime();
            var notAfter = certificate.NotAfter.ToUniversalTime();
            var name = $"{certificate.Subject} from {tls.CertificatePath}";
            if (!certificate.HasPrivateKey)
            {
                return new CheckResult(subject, false, $"{name} comes without its private key: give the key (PrivateKeyPath, or a PKCS#12 file with it)") { Unusable = true };
            }

            if (now < notBefore)
            {
                return new CheckResult(subject, false, $"{name} is not valid before {Day(notBefore)}: peers refuse it until then");
            }

            if (now > notAfter)
            {
                return new CheckResult(subject, false, $"{name} expired on {Day(notAfter)}: modalities and the RIS refuse it; replace the files (no restart needed)");
            }

            var left = notAfter - now;
            return left < CertificateFile.ExpiryWarning
                ? new CheckResult(subject, true, $"{name} is valid but expires on {Day(notAfter)}, in {left.Days} day(s): renew it soon (the agent picks up new files without a restart)")
                : new CheckResult(subject, true, $"{name} is valid until {Day(notAfter)}");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return new CheckResult(subject, false, $"{tls.CertificatePath} cannot be loaded: {ex.Message}") { Unusable = true };
        }
    }

    private static string Day(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
