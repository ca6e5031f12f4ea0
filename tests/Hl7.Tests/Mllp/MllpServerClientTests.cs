using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Mllp;
using CloudRisPacs.Hl7.Tests.Corpus;

namespace CloudRisPacs.Hl7.Tests.Mllp;

public sealed class MllpServerClientTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Client_gets_matching_acks_for_every_corpus_message()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler);
        await using var client = Client(server);
        foreach (var path in CorpusFiles.All)
        {
            var bytes = File.ReadAllBytes(path);
            var result = await client.SendAsync(bytes, CancellationToken.None).WaitAsync(Guard);
            Assert.True(result.ControlIdMatches, path);
            Assert.Contains(result.AcknowledgmentCode, new[] { "AA", "CA" });
            Assert.True(result.IsAccepted);
            Assert.Equal(1, result.Attempts);
        }

        Assert.Equal(CorpusFiles.All.Select(File.ReadAllBytes), handler.Received.Select(r => r.Message.ToArray()));
        Assert.Single(handler.Received.Select(r => r.Connection.ConnectionId).Distinct());
        Assert.Equal(Enumerable.Range(1, CorpusFiles.All.Count).Select(i => (long)i), handler.Received.Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task Messages_of_one_connection_are_answered_in_order_before_the_next_is_read()
    {
        var handler = new RecordingHandler();
        var inFlight = 0;
        var maxInFlight = 0;
        handler.BeforeAnswer = async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            maxInFlight = Math.Max(maxInFlight, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref inFlight);
        };
        await using var server = await StartAsync(handler);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        // Five messages in one write: the server must still handle them one by one, in order.
        var ids = Enumerable.Range(1, 5).Select(i => $"C{i}").ToList();
        var burst = ids.SelectMany(id => MllpFrameWriter.Frame(Encoding.ASCII.GetBytes($"MSH|^~\\&|A|B|C|D|20240101||ADT^A08|{id}|P|2.5\r"))).ToArray();
        await stream.WriteAsync(burst);
        var acks = await ReadFramesAsync(stream, 5).WaitAsync(Guard);
        Assert.Equal(ids, acks.Select(a => new AckMessage(Hl7Message.Parse(a)).AcknowledgedControlId));
        Assert.Equal(1, maxInFlight);
    }

    [Fact]
    public async Task A_failing_handler_answers_with_a_nak_and_the_connection_goes_on()
    {
        var handler = new RecordingHandler { BeforeAnswer = c => c.SequenceNumber == 1 ? throw new InvalidOperationException("disk full") : Task.CompletedTask };
        await using var server = await StartAsync(handler);
        await using var client = Client(server);
        var first = await client.SendAsync(CorpusFiles.Read("orm_o01_multi_crlf.hl7"), CancellationToken.None).WaitAsync(Guard);
        // HL7 v2.5 2.9.2.2: a receiver fault is unrelated to the content, so AR (send again later), never AE.
        Assert.Equal("AR", first.AcknowledgmentCode);
        Assert.True(first.ControlIdMatches);
        Assert.False(first.IsAccepted);
        Assert.Equal(Hl7ErrorCode.ApplicationInternalError, first.Errors.Single().ErrorCode);
        var second = await client.SendAsync(CorpusFiles.Read("orm_o01_multi_crlf.hl7"), CancellationToken.None).WaitAsync(Guard);
        Assert.Equal("AA", second.AcknowledgmentCode);
    }

    [Fact]
    public async Task In_enhanced_mode_a_receiver_fault_is_CR_and_an_oversize_message_CE()
    {
        var handler = new RecordingHandler { BeforeAnswer = _ => throw new InvalidOperationException("disk full") };
        await using var server = await StartAsync(handler, o => o.MaxMessageSize = 200);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        const string header = "MSH|^~\\&|A|B|C|D|20240101||ORU^R01|{0}|P|2.5|||AL|AL\r";
        await stream.WriteAsync(MllpFrameWriter.Frame(Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, header, "E1"))));
        var fault = new AckMessage(Hl7Message.Parse((await ReadFramesAsync(stream, 1).WaitAsync(Guard))[0]));
        Assert.Equal(("CR", "E1", Hl7ErrorCode.ApplicationInternalError), (fault.AcknowledgmentCode, fault.AcknowledgedControlId, fault.Errors.Single().ErrorCode));

        await stream.WriteAsync(MllpFrameWriter.Frame(Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, header, "E2") + "OBX|1|TX|||" + new string('x', 500) + "\r")));
        var big = new AckMessage(Hl7Message.Parse((await ReadFramesAsync(stream, 1).WaitAsync(Guard))[0]));
        Assert.Equal(("CE", "E2", Hl7ErrorCode.ValueTooLong), (big.AcknowledgmentCode, big.AcknowledgedControlId, big.Errors.Single().ErrorCode));
    }

    [Fact]
    public async Task An_oversize_message_gets_a_nak_and_the_connection_is_closed()
    {
        await using var server = await StartAsync(new RecordingHandler(), o => o.MaxMessageSize = 200);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        await stream.WriteAsync(MllpFrameWriter.Frame(Encoding.ASCII.GetBytes("MSH|^~\\&|A|B|C|D|20240101||ORU^R01|BIG1|P|2.5\rOBX|1|TX|||" + new string('x', 500) + "\r")));
        var nak = new AckMessage(Hl7Message.Parse((await ReadFramesAsync(stream, 1).WaitAsync(Guard))[0]));
        Assert.Equal("AE", nak.AcknowledgmentCode);
        Assert.Equal("BIG1", nak.AcknowledgedControlId);
        Assert.Equal(Hl7ErrorCode.ValueTooLong, nak.Errors.Single().ErrorCode);
        Assert.Equal(0, await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(Guard));
    }

    [Fact]
    public async Task A_batch_the_handler_fails_on_or_too_big_is_refused_with_a_batch_naming_it()
    {
        var handler = new RecordingHandler { BeforeAnswer = _ => throw new InvalidOperationException("disk full") };
        await using var server = await StartAsync(handler, o => o.MaxMessageSize = 400);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        var header = "BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240101||||B-77\r";
        await stream.WriteAsync(MllpFrameWriter.Frame(Encoding.ASCII.GetBytes(header + "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|M1|P|2.5\rBTS|1\r")));
        var failed = Hl7BatchReader.Read((await ReadFramesAsync(stream, 1).WaitAsync(Guard))[0]);
        var nak = new AckMessage(Hl7Message.Parse(Assert.Single(failed.Messages).Span));
        Assert.Equal(("AR", "B-77"), (nak.AcknowledgmentCode, nak.AcknowledgedControlId));
        Assert.Equal(Hl7ErrorCode.ApplicationInternalError, nak.Errors.Single().ErrorCode);

        await stream.WriteAsync(MllpFrameWriter.Frame(Encoding.ASCII.GetBytes(header + "MSH|^~\\&|A|B|C|D|20240101||ORU^R01|BIG1|P|2.5\rOBX|1|TX|||" + new string('x', 500) + "\rBTS|1\r")));
        var tooBig = Hl7BatchReader.Read((await ReadFramesAsync(stream, 1).WaitAsync(Guard))[0]);
        var refused = new AckMessage(Hl7Message.Parse(Assert.Single(tooBig.Messages).Span));
        Assert.Equal(("AE", "B-77"), (refused.AcknowledgmentCode, refused.AcknowledgedControlId));
        Assert.Equal(Hl7ErrorCode.ValueTooLong, refused.Errors.Single().ErrorCode);
    }

    [Fact]
    public async Task Peers_outside_the_allow_list_are_refused()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, o => o.AllowedPeers.Add("10.99.0.0/16"));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        await WriteIgnoringResetAsync(stream, MllpFrameWriter.Frame("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|X|P|2.5\r"u8));
        Assert.Equal(0, await ReadIgnoringResetAsync(stream).WaitAsync(Guard));
        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task A_replaced_allow_list_counts_for_the_next_connection_and_an_invalid_one_is_refused()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, o => o.AllowedPeers.Add("10.99.0.0/16"));
        Assert.Throws<ArgumentException>(() => server.ReplaceAllowedPeers(["10.0.0.0/33"]));
        server.ReplaceAllowedPeers(["10.99.0.0/16", "127.0.0.0/8"]);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        await stream.WriteAsync(MllpFrameWriter.Frame("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|X|P|2.5\r"u8));
        var ack = new AckMessage(Hl7Message.Parse((await ReadFramesAsync(stream, 1).WaitAsync(Guard))[0]));
        Assert.Equal("AA", ack.AcknowledgmentCode);
        Assert.Single(handler.Received);
    }

    [Fact]
    public void Allow_list_matches_addresses_and_cidr_ranges()
    {
        var list = new IpAllowList(["127.0.0.1", "10.1.0.0/16", "fd00::/8"]);
        Assert.True(list.IsAllowed(IPAddress.Loopback));
        Assert.True(list.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.True(list.IsAllowed(IPAddress.Parse("10.1.200.3")));
        Assert.False(list.IsAllowed(IPAddress.Parse("10.2.0.1")));
        Assert.True(list.IsAllowed(IPAddress.Parse("fd12::1")));
        Assert.False(list.IsAllowed(IPAddress.Parse("fe80::1")));
        Assert.Throws<FormatException>(() => new IpAllowList(["10.0.0.0/33"]));
        Assert.Throws<FormatException>(() => new IpAllowList(["not-an-ip"]));
    }

    [Fact]
    public async Task Idle_connections_are_closed()
    {
        await using var server = await StartAsync(new RecordingHandler(), o => o.IdleTimeout = TimeSpan.FromMilliseconds(300));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        Assert.Equal(0, await ReadIgnoringResetAsync(tcp.GetStream()).WaitAsync(Guard));
    }

    [Fact]
    public async Task A_frame_trickled_in_for_longer_than_MaxFrameTime_is_cut_off_though_the_connection_is_never_idle()
    {
        var handler = new RecordingHandler();
        await using var server = await StartAsync(handler, o =>
        {
            o.IdleTimeout = TimeSpan.FromSeconds(30);
            o.MaxFrameTime = TimeSpan.FromSeconds(1);
        });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.LocalEndPoint);
        var stream = tcp.GetStream();
        // One byte every 100 ms: the frame takes over 5 s in all, yet no gap comes near the idle timeout.
        var frame = MllpFrameWriter.Frame(Encoding.ASCII.GetBytes("MSH|^~\\&|A|B|C|D|20240101||ADT^A08|SLOW-1|P|2.5\r"));
        var trickle = Task.Run(async () =>
        {
            foreach (var b in frame)
            {
                await WriteIgnoringResetAsync(stream, [b]);
                await Task.Delay(100);
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(0, await ReadIgnoringResetAsync(stream).WaitAsync(Guard));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"closed after {clock.Elapsed}");
        await trickle.WaitAsync(Guard);
        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task Connections_past_the_limit_are_closed_on_accept()
    {
        await using var server = await StartAsync(new RecordingHandler(), o => o.MaxConcurrentConnections = 1);
        using var first = new TcpClient();
        await first.ConnectAsync(server.LocalEndPoint);
        await WaitUntilAsync(() => server.ActiveConnections == 1);
        using var second = new TcpClient();
        await second.ConnectAsync(server.LocalEndPoint);
        Assert.Equal(0, await ReadIgnoringResetAsync(second.GetStream()).WaitAsync(Guard));
        Assert.Equal(1, server.ActiveConnections);
    }

    [Fact]
    public async Task Client_reconnects_after_the_server_restarts()
    {
        var port = CloudRisPacs.TestSupport.FreeTcpPort.Next();
        var handler = new RecordingHandler();
        await using var client = new MllpClient(new MllpClientOptions { Host = "127.0.0.1", Port = port, RetryDelay = TimeSpan.FromMilliseconds(200), MaxAttempts = 5 });
        var message = CorpusFiles.Read("oru_r01.hl7");
        await using (var first = await StartAsync(handler, o => o.EndPoint = new IPEndPoint(IPAddress.Loopback, port)))
        {
            Assert.True((await client.SendAsync(message, CancellationToken.None).WaitAsync(Guard)).IsAccepted);
        }

        await using var second = await RestartOnAsync(handler, port);
        var result = await client.SendAsync(message, CancellationToken.None).WaitAsync(Guard);
        Assert.True(result.IsAccepted);
        Assert.True(result.Attempts >= 1);
        Assert.Equal(2, handler.Received.Select(r => r.Connection.ConnectionId + r.Connection.ConnectedAt.Ticks).Distinct().Count());
    }

    [Fact]
    public async Task Client_reports_a_control_id_mismatch_and_times_out_without_a_response()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            var stream = socket.GetStream();
            await ReadFramesAsync(stream, 1);
            await stream.WriteAsync(MllpFrameWriter.Frame("MSH|^~\\&|B||A||20240101||ACK|9|P|2.5\rMSA|AA|SOMETHING-ELSE\r"u8));
            await ReadFramesAsync(stream, 1);
            await Task.Delay(2000);
        });
        await using var client = new MllpClient(new MllpClientOptions { Host = "127.0.0.1", Port = port, ResponseTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 1 });
        var message = CorpusFiles.Read("oru_r01.hl7");
        var result = await client.SendAsync(message, CancellationToken.None).WaitAsync(Guard);
        Assert.Equal("AA", result.AcknowledgmentCode);
        Assert.Equal("ORU-5", result.SentControlId);
        Assert.False(result.ControlIdMatches);
        Assert.False(result.IsAccepted);
        var error = await Assert.ThrowsAsync<MllpException>(() => client.SendAsync(message, CancellationToken.None).WaitAsync(Guard));
        Assert.IsType<TimeoutException>(error.InnerException);
        listener.Stop();
        await serving.WaitAsync(Guard);
    }

    [Fact]
    public async Task Client_fails_clearly_when_nobody_listens()
    {
        await using var client = new MllpClient(new MllpClientOptions { Host = "127.0.0.1", Port = CloudRisPacs.TestSupport.FreeTcpPort.Next(), MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(50) });
        var error = await Assert.ThrowsAsync<MllpException>(() => client.SendAsync(CorpusFiles.Read("oru_r01.hl7"), CancellationToken.None).WaitAsync(Guard));
        Assert.Contains("2 attempts", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<MllpServer> StartAsync(IMllpMessageHandler handler, Action<MllpServerOptions>? configure = null)
    {
        var options = new MllpServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), ShutdownTimeout = TimeSpan.FromSeconds(2) };
        configure?.Invoke(options);
        var server = new MllpServer(options, handler);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    // The port comes from the ephemeral range: while the server is down, an outgoing connection of any process may be
    // given it for a moment (seen once in CI as "Address already in use"), so the restart waits for it to be free.
    private static async Task<MllpServer> RestartOnAsync(IMllpMessageHandler handler, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return await StartAsync(handler, o => o.EndPoint = new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static MllpClient Client(MllpServer server) =>
        new(new MllpClientOptions { Host = "127.0.0.1", Port = server.LocalEndPoint.Port, ResponseTimeout = TimeSpan.FromSeconds(10) });

    internal static async Task<List<byte[]>> ReadFramesAsync(NetworkStream stream, int count)
    {
        var frames = new List<byte[]>();
        var pending = new List<byte>();
        var chunk = new byte[4096];
        while (frames.Count < count)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                break;
            }

            pending.AddRange(chunk.AsSpan(0, read).ToArray());
            var buffer = new System.Buffers.ReadOnlySequence<byte>(pending.ToArray());
            while (MllpFrameReader.TryRead(ref buffer, 1 << 20, out var frame))
            {
                if (frame.Kind == MllpFrameKind.Message)
                {
                    frames.Add(frame.Payload.ToArray());
                }
            }

            pending = System.Buffers.BuffersExtensions.ToArray(buffer).ToList();
        }

        return frames;
    }

    private static async Task<int> ReadIgnoringResetAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[16]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task WriteIgnoringResetAsync(NetworkStream stream, byte[] bytes)
    {
        try
        {
            await stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The server may already have closed the refused connection.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Guard;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
    }
}
