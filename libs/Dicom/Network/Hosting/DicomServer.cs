using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Ul;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// A DICOM application entity listening for associations (the SCP side): one task per connection, optional TLS, the
/// association policy of <see cref="DicomServerOptions"/>, and the services of a <see cref="DicomServiceRegistry"/>.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    // How long a stop waits for its A-ABORTs to be written before it closes the connections that are still open.
    private static readonly TimeSpan ForcedCloseAfter = TimeSpan.FromSeconds(2);

    private readonly DicomServerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly AssociationPolicy policy;
    private readonly DicomServiceDispatcher dispatcher;
    private readonly ConcurrentDictionary<string, DimseSession> sessions = new();
    private readonly ConcurrentDictionary<string, Task> connections = new();
    private readonly ConcurrentDictionary<string, Socket> sockets = new();
    private readonly string tag = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..4];
    private readonly UlOptions ulOptions;
    private Func<X509Certificate2>? certificate;
    private CancellationTokenSource? stopping;
    private TcpListener? listener;
    private Task? acceptLoop;
    private long counter;

    public DicomServer(DicomServerOptions options, DicomServiceRegistry services, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid DICOM server options: {string.Join(" ", problems)}", nameof(options));
        }

        this.options = options;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DicomServer>();
        time = timeProvider ?? TimeProvider.System;
        policy = new AssociationPolicy(options, services, logger, time);
        dispatcher = new DicomServiceDispatcher(services, logger);
        ulOptions = new UlOptions
        {
            ArtimTimeout = options.ArtimTimeout,
            IdleTimeout = options.IdleTimeout,
            ReadTimeout = options.ReadTimeout,
            MaxReceivePduLength = (uint)options.MaxPduLength,
        };
    }

    public string AeTitle => options.AeTitle;

    /// <summary>The bound address once started (with the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)listener?.LocalEndpoint ?? throw new InvalidOperationException("The DICOM server has not been started.");

    /// <summary>Open connections, whatever their state (negotiating, established, closing).</summary>
    public int OpenConnections => connections.Count;

    /// <summary>Established associations (counted against <see cref="DicomServerOptions.MaxConcurrentAssociations"/>).</summary>
    public int ActiveAssociations => policy.Established;

    /// <summary>
    /// Replaces the calling AE titles allowed to associate (<see cref="DicomServerOptions.AllowedCallingAeTitles"/>) while
    /// the server runs: the next association request is checked against the new list; open associations go on.
    /// </summary>
    /// <exception cref="ArgumentException">An AE title is not valid, or the list is empty without <see cref="DicomServerOptions.AllowAnyCallingAeTitle"/>.</exception>
    public void ReplaceAllowedCallingAeTitles(IEnumerable<string> aeTitles)
    {
        ArgumentNullException.ThrowIfNull(aeTitles);
        var titles = aeTitles.Select(t => t?.Trim() ?? string.Empty).ToList();
        if (titles.FirstOrDefault(t => !DicomAeTitle.IsValid(t)) is { } invalid)
        {
            throw new ArgumentException($"'{invalid}' is not a valid AE title.", nameof(aeTitles));
        }

        if (titles.Count == 0 && !options.AllowAnyCallingAeTitle)
        {
            throw new ArgumentException("The list is empty, so no calling AE title could associate (AllowAnyCallingAeTitle is off).", nameof(aeTitles));
        }

        policy.ReplaceAllowedCallingAeTitles(titles);
    }

    /// <summary>
    /// Replaces the user identity validator (<see cref="DicomServerOptions.UserIdentityValidator"/>) while the server
    /// runs: the next association request is checked by the new one; open associations go on. Null: identities are not
    /// looked at from then on.
    /// </summary>
    /// <exception cref="ArgumentException">Null while <see cref="DicomServerOptions.RequireUserIdentity"/> is on: no association could be accepted.</exception>
    public void ReplaceUserIdentityValidator(IDicomUserIdentityValidator? validator)
    {
        if (validator is null && options.RequireUserIdentity)
        {
            throw new ArgumentException("A user identity is required (RequireUserIdentity), so there must be a validator.", nameof(validator));
        }

        policy.ReplaceUserIdentityValidator(validator);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (listener is not null)
        {
            throw new InvalidOperationException("The DICOM server is already started.");
        }

        certificate = options.Tls is not { } tls ? null : tls.CertificateSource ?? new CertificateFile(tls, logger).CurrentGetter();
        _ = certificate?.Invoke();
        stopping = new CancellationTokenSource();
        listener = new TcpListener(options.ParseBindAddress()!, options.Port);
        listener.Start(backlog: 128);
        HostingLog.Listening(logger, options.AeTitle, LocalEndPoint, certificate is null ? string.Empty : " with TLS");
        acceptLoop = AcceptLoopAsync(listener, stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting; lets associations finish for <see cref="DicomServerOptions.ShutdownTimeout"/>, then aborts the
    /// rest, and closes the connections of any whose A-ABORT cannot be written within 2 s (a peer that takes no data).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (listener is null || stopping is null)
        {
            return;
        }

        // Cancelled before the listener stops, so the accept loop reads a stopped listener as shutdown, not as a fault.
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        if (acceptLoop is not null)
        {
            await acceptLoop.ConfigureAwait(false);
        }

        var aborted = 0;
        try
        {
            await Task.WhenAll(connections.Values).WaitAsync(options.ShutdownTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var session in sessions.Values)
            {
                aborted++;
                session.Abort("server shutting down");
            }

            if (!await AllEndedWithinAsync(options.ArtimTimeout < ForcedCloseAfter ? options.ArtimTimeout : ForcedCloseAfter).ConfigureAwait(false))
            {
                // The A-ABORT waits behind a write to a peer that takes no data (up to the read timeout): close instead.
                HostingLog.ClosedOutright(logger, options.AeTitle, sockets.Count);
                foreach (var socket in sockets.Values)
                {
                    socket.Dispose();
                }

                await AllEndedWithinAsync(options.ArtimTimeout).ConfigureAwait(false);
            }
        }

        HostingLog.Stopped(logger, options.AeTitle, aborted);
        listener = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping?.Dispose();
    }

    private async Task<bool> AllEndedWithinAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(connections.Values).WaitAsync(timeout, time, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
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

            // Connections beyond the association limit still get an A-ASSOCIATE-RJ, up to a margin; past it they are closed at once.
            if (connections.Count >= (options.MaxConcurrentAssociations * 2) + 8)
            {
                HostingLog.TooManyConnections(logger, socket.RemoteEndPoint as IPEndPoint, connections.Count);
                socket.Dispose();
                continue;
            }

            var id = $"{options.AeTitle.Trim()}-{tag}-{Interlocked.Increment(ref counter)}";
            connections[id] = ServeAsync(socket, id, stop);
        }
    }

    private async Task ServeAsync(Socket socket, string id, CancellationToken stop)
    {
        await Task.Yield();
        var remote = socket.RemoteEndPoint as IPEndPoint;
        sockets[id] = socket;
        HostingLog.Connected(logger, id, remote);
        Stream? stream = null;
        var counted = false;
        try
        {
            socket.NoDelay = true;
            stream = new BlockingSocketStream(socket, options.ReadTimeout);
            if (certificate is not null)
            {
                stream = await AuthenticateAsync(socket, stream, id, remote, stop).ConfigureAwait(false);
                if (stream is null)
                {
                    return;
                }
            }

            var session = DimseSession.Accept(
                id,
                stream,
                remote,
                ulOptions,
                new DimseSessionOptions { ReleaseGracePeriod = options.ShutdownTimeout },
                dispatcher,
                async (request, s) =>
                {
                    var (answer, accepted) = await policy.DecideAsync(request, s, stop).ConfigureAwait(false);
                    counted |= accepted;
                    return answer;
                },
                logger,
                time);
            stream = null;
            sessions[id] = session;
            await using (session.ConfigureAwait(false))
            {
                await session.Ended.ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            HostingLog.ConnectionFailed(logger, ex, id);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            if (counted)
            {
                policy.Leave();
            }

            sessions.TryRemove(id, out _);
            sockets.TryRemove(id, out _);
            connections.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// The TLS handshake, with blocking reads on a thread of its own: an asynchronous handshake would leave the socket
    /// non-blocking for good (see <see cref="BlockingSocketStream"/>), and a thread-pool thread must not wait on a slow
    /// client. The socket's receive timeout keeps the ARTIM limit; a server stop closes the socket, which ends the read.
    /// </summary>
    private async Task<Stream?> AuthenticateAsync(Socket socket, Stream stream, string id, IPEndPoint? remote, CancellationToken stop)
    {
        var tls = options.Tls!;
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var authentication = new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate!(),
            EnabledSslProtocols = tls.Protocols,
            CipherSuitesPolicy = DicomTls.Bcp195CipherSuites(),
            ClientCertificateRequired = tls.RequireClientCertificate,
            RemoteCertificateValidationCallback = tls.RequireClientCertificate
                ? tls.ClientCertificateValidation ?? ((_, cert, _, errors) => cert is not null && errors == SslPolicyErrors.None)
                : null,
            AllowRenegotiation = false,
        };
        try
        {
            socket.ReceiveTimeout = BlockingSocketStream.Milliseconds(options.ArtimTimeout);
            using (stop.Register(static state => ((Socket)state!).Dispose(), socket))
            {
                await Task.Factory.StartNew(() => ssl.AuthenticateAsServer(authentication), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }

            // From here the association's own timers apply (idle, read); its transport thread reads without a limit.
            socket.ReceiveTimeout = 0;
            return ssl;
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            HostingLog.TlsFailed(logger, ex, id, remote);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }
}
