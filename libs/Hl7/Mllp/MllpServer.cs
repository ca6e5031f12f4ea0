using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// An MLLP listener: one task per connection reading through System.IO.Pipelines, messages of a connection handled
/// strictly in order by an <see cref="IMllpMessageHandler"/>, with a peer allow-list, a connection limit, an idle
/// timeout and a message size limit. Oversize frames (AE, content) and handler failures (AR, receiver) are answered with
/// an HL7 NAK; the handler is
/// told of an oversize frame (its head, not the whole of it) before that NAK goes out.
/// </summary>
public sealed class MllpServer : IAsyncDisposable
{
    private readonly MllpServerOptions options;
    private readonly IMllpMessageHandler handler;
    private readonly ILogger logger;
    // Replaced whole while the server runs (a changed allow-list); each connection reads one version.
    private volatile IpAllowList allowList;
    private readonly SemaphoreSlim connectionSlots;
    private readonly ConcurrentDictionary<string, Task> connections = new();
    private readonly AckBuilder ackBuilder = new();
    private readonly Hl7BatchAckWriter batchAckWriter = new();
    private CancellationTokenSource? stopping;
    private TcpListener? listener;
    private Task? acceptLoop;
    private long connectionCounter;

    public MllpServer(MllpServerOptions options, IMllpMessageHandler handler, ILogger<MllpServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Check();
        this.options = options;
        this.handler = handler;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        allowList = new IpAllowList(options.AllowedPeers);
        connectionSlots = new SemaphoreSlim(options.MaxConcurrentConnections, options.MaxConcurrentConnections);
    }

    /// <summary>The bound address once started (with the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)listener?.LocalEndpoint
        ?? throw new InvalidOperationException("The MLLP server has not been started.");

    /// <summary>Connections being served now.</summary>
    public int ActiveConnections => connections.Count;

    /// <summary>
    /// Replaces the peers allowed to connect (<see cref="MllpServerOptions.AllowedPeers"/>; empty allows every peer) while
    /// the server runs: new connections are checked against the new list; open connections go on.
    /// </summary>
    /// <exception cref="ArgumentException">An entry is not an IP address or CIDR range.</exception>
    public void ReplaceAllowedPeers(IEnumerable<string> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        try
        {
            allowList = new IpAllowList(peers);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException(ex.Message, nameof(peers), ex);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (listener is not null)
        {
            throw new InvalidOperationException("The MLLP server is already started.");
        }

        stopping = new CancellationTokenSource();
        listener = new TcpListener(options.EndPoint);
        listener.Start(backlog: 128);
        MllpLog.Listening(logger, LocalEndPoint);
        acceptLoop = AcceptLoopAsync(listener, stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, lets connections finish the message in hand (up to the shutdown timeout), then closes them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (listener is null || stopping is null)
        {
            return;
        }

        // Cancelled before the listener stops, so the accept loop reads a stopped listener as shutdown, not as a fault.
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        var all = connections.Values.ToList();
        if (acceptLoop is not null)
        {
            all.Add(acceptLoop);
        }

        try
        {
            await Task.WhenAll(all).WaitAsync(options.ShutdownTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Connections still busy after the timeout are abandoned; their sockets were closed by cancellation.
        }

        listener = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping?.Dispose();
        connectionSlots.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener server, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await server.AcceptSocketAsync(stop).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (stop.IsCancellationRequested)
            {
                // The listener was stopped between the loop's check and the accept: shutdown.
                return;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var remote = socket.RemoteEndPoint as IPEndPoint;
            if (remote is null || !allowList.IsAllowed(remote.Address))
            {
                MllpLog.PeerRefused(logger, remote);
                socket.Dispose();
                continue;
            }

            if (!connectionSlots.Wait(0, CancellationToken.None))
            {
                MllpLog.TooManyConnections(logger, remote, options.MaxConcurrentConnections);
                socket.Dispose();
                continue;
            }

            var id = $"mllp-{Interlocked.Increment(ref connectionCounter)}";
            var info = new MllpConnectionInfo(id, remote, (IPEndPoint)socket.LocalEndPoint!, DateTimeOffset.UtcNow);
            connections[id] = RunConnectionAsync(socket, info, stop);
        }
    }

    private async Task RunConnectionAsync(Socket socket, MllpConnectionInfo info, CancellationToken stop)
    {
        // Let the accept loop continue at once; the connection runs on its own.
        await Task.Yield();
        var messages = 0L;
        MllpLog.ConnectionOpened(logger, info.ConnectionId, info.RemoteEndPoint);
        try
        {
            socket.NoDelay = true;
            await using var stream = await OpenAsync(socket, info, stop).ConfigureAwait(false);
            if (stream is null)
            {
                return;
            }

            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
            var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            try
            {
                messages = await ServeAsync(reader, writer, info, stop).ConfigureAwait(false);
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
                await writer.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            MllpLog.TransportError(logger, ex, info.ConnectionId);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Server shutdown.
        }
        finally
        {
            MllpLog.ConnectionClosed(logger, info.ConnectionId, messages);
            connections.TryRemove(info.ConnectionId, out _);
            connectionSlots.Release();
        }
    }

    /// <summary>The connection's stream: the socket's, or TLS over it; null when the TLS handshake failed (logged).</summary>
    private async Task<Stream?> OpenAsync(Socket socket, MllpConnectionInfo info, CancellationToken stop)
    {
        var network = new QuickAckNetworkStream(socket);
        if (options.Tls is not { } tls)
        {
            return network;
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(tls.HandshakeTimeout);
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = tls.CurrentCertificate,
                    EnabledSslProtocols = tls.Protocols,
                    CipherSuitesPolicy = tls.CipherSuites,
                    ClientCertificateRequired = tls.RequireClientCertificate,
                    RemoteCertificateValidationCallback = tls.RequireClientCertificate
                        ? tls.ClientCertificateValidation ?? ((_, certificate, _, errors) => certificate is not null && errors == SslPolicyErrors.None)
                        : null,
                    AllowRenegotiation = false,
                },
                timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException || (ex is OperationCanceledException && !stop.IsCancellationRequested))
        {
            MllpLog.TlsFailed(logger, ex, info.ConnectionId, info.RemoteEndPoint);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private async Task<long> ServeAsync(PipeReader reader, PipeWriter writer, MllpConnectionInfo info, CancellationToken stop)
    {
        var messages = 0L;
        // When the first bytes of the frame still unfinished arrived; null between frames.
        long? frameStarted = null;
        var pending = 0L;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
        while (true)
        {
            var frameLeft = frameStarted is { } started ? options.MaxFrameTime - Stopwatch.GetElapsedTime(started) : TimeSpan.MaxValue;
            var frameDue = frameLeft < options.IdleTimeout;
            if (frameLeft <= TimeSpan.Zero)
            {
                MllpLog.FrameTooSlow(logger, info.ConnectionId, pending, options.MaxFrameTime);
                return messages;
            }

            idle.CancelAfter(frameDue ? frameLeft : options.IdleTimeout);
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                if (frameDue)
                {
                    MllpLog.FrameTooSlow(logger, info.ConnectionId, pending, options.MaxFrameTime);
                }
                else
                {
                    MllpLog.IdleTimeout(logger, info.ConnectionId, options.IdleTimeout);
                }

                return messages;
            }

            idle.CancelAfter(Timeout.InfiniteTimeSpan);
            var buffer = read.Buffer;
            var close = false;
            var framesRead = false;
            try
            {
                while (!close && MllpFrameReader.TryRead(ref buffer, options.MaxMessageSize, out var frame))
                {
                    framesRead = true;
                    switch (frame.Kind)
                    {
                        case MllpFrameKind.Message:
                            messages++;
                            var response = await HandleAsync(new MllpMessageContext(frame.Payload, info, messages), stop).ConfigureAwait(false);
                            if (!response.IsEmpty)
                            {
                                await MllpFrameWriter.WriteAsync(writer, response, stop).ConfigureAwait(false);
                            }

                            break;
                        case MllpFrameKind.Discarded:
                            MllpLog.BytesDiscarded(logger, info.ConnectionId, frame.Length);
                            break;
                        default:
                            MllpLog.Oversize(logger, info.ConnectionId, frame.Length, options.MaxMessageSize);
                            var recorded = await TellOversizeAsync(new MllpOversizeFrame(frame.Payload, frame.Length, options.MaxMessageSize, info), stop)
                                .ConfigureAwait(false);
                            var nak = Nak(frame.Payload.Span, recorded ? Hl7AckOutcome.Error : Hl7AckOutcome.Rejected,
                                new Hl7AckError(Hl7ErrorCode.ValueTooLong, Hl7Location.Message,
                                    $"The message exceeds the maximum size of {options.MaxMessageSize} bytes."));
                            await MllpFrameWriter.WriteAsync(writer, nak, stop).ConfigureAwait(false);
                            close = true;
                            break;
                    }
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            // Bytes left over are the start of a frame: its clock runs from the read that brought them, or from the
            // first read of it when no frame ended in this one.
            pending = buffer.Length;
            frameStarted = buffer.IsEmpty ? null : framesRead ? Stopwatch.GetTimestamp() : frameStarted ?? Stopwatch.GetTimestamp();

            if (close)
            {
                return messages;
            }

            if (read.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    MllpLog.UnfinishedFrame(logger, info.ConnectionId, buffer.Length);
                }

                return messages;
            }
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> HandleAsync(MllpMessageContext context, CancellationToken stop)
    {
        try
        {
            return await handler.HandleAsync(context, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // Any handler fault must still answer the sender, and must never be an ACK: the message was not taken. It says
            // nothing about the message's content, so it is AR/CR (HL7 v2.5 2.9.2.2: rejected for a reason unrelated to
            // content; the sender may send it again later), not AE/CE, which tells the sender the message itself is wrong.
            MllpLog.HandlerFailed(logger, ex, context.Connection.ConnectionId, context.SequenceNumber);
            return Nak(context.Message.Span, Hl7AckOutcome.Rejected,
                new Hl7AckError(Hl7ErrorCode.ApplicationInternalError, Hl7Location.Message, "The receiver could not process the message."));
        }
    }

    // An oversize frame is a fault of its content: AE/CE once the handler recorded the refusal. When the handler could
    // not record it, the receiver failed too, and that is AR/CR (unrelated to content; try again later), so a sender
    // that resends gives the handler another chance to record it.
    private async ValueTask<bool> TellOversizeAsync(MllpOversizeFrame frame, CancellationToken stop)
    {
        try
        {
            await handler.OversizeAsync(frame, stop).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            MllpLog.OversizeNotRecorded(logger, ex, frame.Connection.ConnectionId);
            return false;
        }
    }

    // A sender of a batch reads a batch back: its refusal is wrapped in one.
    private ReadOnlyMemory<byte> Nak(ReadOnlySpan<byte> frame, Hl7AckOutcome outcome, Hl7AckError error) =>
        Hl7BatchReader.IsBatch(frame)
            ? batchAckWriter.Reject(frame, outcome, [error])
            : ackBuilder.BuildNak(frame, outcome, [error]).ToBytes();
}
