using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using CloudRisPacs.Hl7.Er7;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// An MLLP sender over one persistent connection: <see cref="SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
/// frames the message, waits for the response frame, and checks the ACK against the sent MSH-10. A failed exchange
/// drops the connection (a late response must never be taken for the next message's) and is retried on a new one.
/// A response naming a message sent earlier on the connection (the AA a RIS sends after its CA although MSH-16 said NE)
/// is skipped and the reading goes on; one naming a control id never sent there means the connection is out of step:
/// the result is returned as a mismatch and the connection is dropped. Sends are serialized; the class is safe to share.
/// </summary>
public sealed class MllpClient : IAsyncDisposable
{
    private readonly MllpClientOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private TcpClient? tcp;
    private Stream? transport;
    private PipeReader? reader;
    private PipeWriter? writer;
    private bool answerSeen;
    private readonly SentControlIds sentOnConnection = new();

    public MllpClient(MllpClientOptions options, ILogger<MllpClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        this.options = options;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public bool IsConnected => tcp?.Connected == true;

    /// <summary>The connection's socket while connected (tests look at its options).</summary>
    internal Socket? Socket => tcp?.Client;

    /// <summary>Sends a message in its character set (MSH-18).</summary>
    public Task<MllpSendResult> SendAsync(Hl7Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(message.ToBytes(), cancellationToken);
    }

    /// <summary>Sends raw message bytes and returns the response; <see cref="MllpException"/> when every try failed.</summary>
    public async Task<MllpSendResult> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var controlId = Hl7HeaderScanner.Salvage(message.Span).ControlId;
        var framed = MllpFrameWriter.Frame(message.Span);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Exception? last = null;
            for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
            {
                try
                {
                    var result = await ExchangeOrResendAsync(framed, controlId, attempt, cancellationToken).ConfigureAwait(false);
                    sentOnConnection.Add(controlId);
                    if (!result.ControlIdMatches)
                    {
                        // Whatever this answers, the next read could take it for the next message's: start afresh.
                        MllpLog.OutOfStep(logger, options.Host, options.Port, controlId, result.ResponseError ?? $"MSA-2 is '{result.AcknowledgedControlId}'");
                        await DisconnectAsync().ConfigureAwait(false);
                    }

                    return result;
                }
                catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or ObjectDisposedException or AuthenticationException
                    || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    last = ex;
                    MllpLog.SendFailed(logger, ex, options.Host, options.Port, attempt);
                    await DisconnectAsync().ConfigureAwait(false);
                    if (attempt < options.MaxAttempts)
                    {
                        await Task.Delay(options.RetryDelay, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            throw new MllpException(
                $"Sending to {options.Host}:{options.Port} failed after {options.MaxAttempts} attempts: {last?.Message}", last!);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync().ConfigureAwait(false);
        gate.Dispose();
    }

    /// <summary>
    /// Any response with an MSA segment acknowledges: the general ACK, and the application responses a RIS may answer with
    /// instead (ORR^O02 to an ORM^O01, ORL^O22...), which carry the same MSA.
    /// </summary>
    private static MllpSendResult Interpret(byte[] response, string controlId, int attempt)
    {
        try
        {
            var parsed = Hl7Message.Parse(response);
            if (parsed.FindSegment("MSA") is null)
            {
                return new MllpSendResult(response, controlId, attempt)
                {
                    ResponseError = $"The response is {parsed.Header.GetValue(9)}^{parsed.Header.GetValue(9, 2)} without an MSA segment, not an acknowledgement.",
                };
            }

            return new MllpSendResult(response, controlId, attempt) { Message = parsed };
        }
        catch (Hl7ParseException ex)
        {
            return new MllpSendResult(response, controlId, attempt) { ResponseError = $"The response is not a readable HL7 message: {ex.Message}" };
        }
    }

    /// <summary>
    /// One exchange; when a reused connection breaks before any answer came, the message goes once more on a new
    /// connection within the same attempt. The RIS closed it while it sat idle or after its last ACK (one connection per
    /// message), a close the socket could not show yet. Resending is safe: either the RIS never read the message, or it
    /// read it and closed without answering, which is what a retry after a timeout resends too (the same MSH-10, by which
    /// a RIS dedupes).
    /// </summary>
    private async Task<MllpSendResult> ExchangeOrResendAsync(byte[] framed, string controlId, int attempt, CancellationToken cancellationToken)
    {
        var reused = await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExchangeAsync(framed, controlId, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (reused && !answerSeen && ex is IOException or SocketException)
        {
            MllpLog.ResendOnNewConnection(logger, ex, options.Host, options.Port, controlId);
            await DisconnectAsync().ConfigureAwait(false);
            await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            return await ExchangeAsync(framed, controlId, attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<MllpSendResult> ExchangeAsync(byte[] framed, string controlId, int attempt, CancellationToken cancellationToken)
    {
        answerSeen = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ResponseTimeout);
        await writer!.WriteAsync(framed, timeout.Token).ConfigureAwait(false);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader!.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No response from {options.Host}:{options.Port} within {options.ResponseTimeout}.");
            }

            var buffer = read.Buffer;
            try
            {
                while (MllpFrameReader.TryRead(ref buffer, options.MaxResponseSize, out var frame))
                {
                    switch (frame.Kind)
                    {
                        case MllpFrameKind.Message:
                            var result = Interpret(frame.Payload.ToArray(), controlId, attempt);
                            if (result.Message is not null && !result.ControlIdMatches && sentOnConnection.Contains(result.AcknowledgedControlId))
                            {
                                MllpLog.EarlierResponseSkipped(logger, options.Host, options.Port, result.AcknowledgmentCode, result.AcknowledgedControlId, controlId);
                                break;
                            }

                            answerSeen = true;
                            return result;
                        case MllpFrameKind.Discarded:
                            MllpLog.ClientDiscarded(logger, frame.Length, options.Host, options.Port);
                            break;
                        default:
                            answerSeen = true;
                            throw new IOException($"The response is larger than {options.MaxResponseSize} bytes.");
                    }
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (read.IsCompleted)
            {
                throw new IOException($"{options.Host}:{options.Port} closed the connection before responding.");
            }
        }
    }

    /// <summary>Connects unless the connection is up; true when it was (reused).</summary>
    private async Task<bool> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        // Connected only tells how the last operation went: a RIS that closed after its ACK or when idle shows as a socket
        // readable with nothing to read (its FIN).
        if (tcp is { Connected: true } && reader is not null && writer is not null
            && !(tcp.Client.Poll(0, SelectMode.SelectRead) && tcp.Client.Available == 0))
        {
            return true;
        }

        await DisconnectAsync().ConfigureAwait(false);
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await client.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Connecting to {options.Host}:{options.Port} took longer than {options.ConnectTimeout}.");
            }

            // The receiver may write its acknowledgement in pieces with Nagle's algorithm on, as a sender may its messages.
            Stream stream = new QuickAckNetworkStream(client.Client);
            if (options.Tls is { } tls)
            {
                stream = await SecureAsync(stream, tls, cancellationToken).ConfigureAwait(false);
            }

            reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            transport = stream;
            tcp = client;
            return false;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The TLS handshake; the receiver's certificate is checked before a single message byte is sent.</summary>
    private async Task<Stream> SecureAsync(Stream stream, MllpClientTlsOptions tls, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? options.Host,
                    EnabledSslProtocols = tls.Protocols,
                    CipherSuitesPolicy = tls.CipherSuites,
                    ClientCertificates = (tls.ClientCertificateSource?.Invoke() ?? tls.ClientCertificate) is { } certificate ? [certificate] : null,
                    RemoteCertificateValidationCallback = tls.ServerCertificateValidation,
                },
                timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"The TLS handshake with {options.Host}:{options.Port} took longer than {options.ConnectTimeout}.");
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task DisconnectAsync()
    {
        if (reader is not null)
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            reader = null;
        }

        if (writer is not null)
        {
            try
            {
                await writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Flushing into a broken connection; it is being dropped anyway.
            }

            writer = null;
        }

        if (transport is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            transport = null;
        }

        tcp?.Dispose();
        tcp = null;
        sentOnConnection.Clear();
    }
}
