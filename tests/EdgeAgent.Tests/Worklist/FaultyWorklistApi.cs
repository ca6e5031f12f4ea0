using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CloudRisPacs.EdgeAgent.Tests.Worklist;

/// <summary>
/// A cloud worklist API that fails on the wire: it answers every request with the given bytes and then resets the
/// connection, stalls (a black-holed link), or closes it (the end of a body without <c>Content-Length</c>).
/// </summary>
internal sealed class FaultyWorklistApi : IAsyncDisposable
{
    private const string Headers = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly byte[] response;
    private readonly Ending ending;
    private readonly Task serving;

    private FaultyWorklistApi(string response, Ending ending)
    {
        this.response = Encoding.ASCII.GetBytes(response);
        this.ending = ending;
        listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        serving = Task.Run(ServeAsync);
    }

    private enum Ending
    {
        Reset,
        Stall,
        Close,
    }

    public Uri BaseUri { get; }

    /// <summary>Promises 100,000 bytes, sends the start of the list, then resets the connection.</summary>
    public static FaultyWorklistApi CutMidBody() => new(Headers + "Content-Length: 100000\r\n\r\n{\"items\":[", Ending.Reset);

    /// <summary>Promises 100,000 bytes, sends the start of the list, then sends nothing more.</summary>
    public static FaultyWorklistApi StallMidBody() => new(Headers + "Content-Length: 100000\r\n\r\n{\"items\":[", Ending.Stall);

    /// <summary>A complete answer whose body ends when the connection closes (no <c>Content-Length</c>).</summary>
    public static FaultyWorklistApi AnswerUntilClose(string body) => new(Headers + "Connection: close\r\n\r\n" + body, Ending.Close);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                connections.Add(AnswerAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        await Task.WhenAll(connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReadRequestHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var buffer = new byte[4096];
        while (!head.ToArray().AsSpan().EndsWith("\r\n\r\n"u8))
        {
            var read = await stream.ReadAsync(buffer, stop.Token);
            if (read == 0)
            {
                return;
            }

            head.AddRange(buffer.AsSpan(0, read));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            await ReadRequestHeadAsync(stream);
            await stream.WriteAsync(response, stop.Token);
            switch (ending)
            {
                case Ending.Reset:
                    await Task.Delay(100, stop.Token);
                    client.Client.LingerState = new LingerOption(true, 0);
                    break;
                case Ending.Stall:
                    await Task.Delay(Timeout.Infinite, stop.Token);
                    break;
                case Ending.Close:
                    client.Client.Shutdown(SocketShutdown.Send);
                    break;
            }
        }
    }
}
