using System.Net.Sockets;
using CloudRisPacs.Dicom.Network;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Edge.Configuration;

namespace CloudRisPacs.Edge.Check;

/// <summary>
/// The DICOM part of the <c>check</c> command: a C-ECHO from the agent's AE title to each configured modality that has
/// a host (the address storage commitment reports use), with the outcome in words a clinic's IT person can act on.
/// </summary>
public static class ModalityEcho
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<CheckResult>> CheckAllAsync(DicomListenerOptions dicom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        if (dicom.Modalities.Count == 0)
        {
            return [new CheckResult("DICOM modalities", true, "none configured: no modality to echo")];
        }

        var results = new List<CheckResult>();
        foreach (var modality in dicom.Modalities)
        {
            results.Add(await CheckAsync(dicom, modality, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public static async Task<CheckResult> CheckAsync(DicomListenerOptions dicom, DicomPeerOptions modality, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        ArgumentNullException.ThrowIfNull(modality);
        var subject = $"DICOM modality {modality.AeTitle}";
        if (string.IsNullOrWhiteSpace(modality.Host))
        {
            return new CheckResult(subject, true, "no Host configured: not echoed (storage commitment reports need the open association)");
        }

        var where = $"{modality.Host}:{modality.Port}";
        var client = new DicomClient(new DicomClientOptions
        {
            Host = modality.Host,
            Port = modality.Port,
            CallingAeTitle = dicom.AeTitle.Trim(),
            CalledAeTitle = modality.AeTitle!.Trim(),
            ConnectTimeout = Timeout,
            ArtimTimeout = Timeout,
            ReadTimeout = Timeout,
            Tls = EdgeDicomTls.ClientOptions(dicom, modality),
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout * 2);
        try
        {
            var status = await client.EchoAsync(timeout.Token).ConfigureAwait(false);
            return status.IsSuccessOrWarning
                ? new CheckResult(subject, true, $"{where} answered the DICOM echo (C-ECHO) with success")
                : new CheckResult(subject, false, $"{where} answered the DICOM echo with status 0x{status.Code:X4}");
        }
        catch (DicomAssociationRejectedException ex)
        {
            return new CheckResult(subject, false,
                $"{where} refused the association ({ex.Message}); check that it knows the AE title {dicom.AeTitle.Trim()} and that its own AE title is {modality.AeTitle}");
        }
        catch (Exception ex) when ((ex as System.Security.Authentication.AuthenticationException ?? ex.InnerException as System.Security.Authentication.AuthenticationException) is { } tls)
        {
            return new CheckResult(subject, false,
                $"the TLS handshake with {where} failed ({tls.Message}); check the modality's certificate against EdgeAgent:Dicom:Tls:TrustedAuthoritiesPath and that it names {modality.Host}");
        }
        catch (Exception ex) when (ex is DicomNetworkException or SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = ex is OperationCanceledException ? $"no answer within {Timeout * 2}" : ex.Message;
            return new CheckResult(subject, false, $"{where} cannot be reached for a DICOM echo: {why}");
        }
    }
}
