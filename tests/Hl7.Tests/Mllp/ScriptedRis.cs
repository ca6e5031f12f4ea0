using System.Net;
using System.Net.Sockets;
using System.Text;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Mllp;

namespace CloudRisPacs.Hl7.Tests.Mllp;

/// <summary>
/// A loopback RIS for the MLLP client: for every message it receives it writes the responses the script gives for
/// (message number from 1, MSH-10); a null response closes the connection (the next message comes on a new one).
/// </summary>
internal sealed class ScriptedRis : IAsyncDisposable
{
    private readonly Socket listener = LoopbackSockets.Listen();
    private readonly Func<int, string, IEnumerable<string?>> script;
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private readonly List<string> received = [];
    private int connections;

    public ScriptedRis(Func<int, string, IEnumerable<string?>> script)
    {
        this.script = script;
        serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

    /// <summary>The MSH-10 of every message received, in order.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    public int Connections => Volatile.Read(ref connections);

    public MllpClient Client(TimeSpan responseTimeout) =>
        new(new MllpClientOptions { Host = "127.0.0.1", Port = Port, ResponseTimeout = responseTimeout, MaxAttempts = 1 });

    /// <summary>A response with MSA-1 <paramref name="code"/> and MSA-2 <paramref name="controlId"/>; MSH-9 <paramref name="type"/>.</summary>
    public static string Ack(string code, string controlId, string type = "ACK^R01") =>
        $"MSH|^~\\&|RIS|HOSP|EDGE|CLINIC|20260101||{type}|R-{controlId}-{code}|P|2.5\rMSA|{code}|{controlId}\r";

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Dispose();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);
        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var socket = await listener.AcceptAsync(stop.Token);
            Interlocked.Increment(ref connections);
            await AnswerAsync(socket);
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        var pending = new List<byte>();
        var buffer = new byte[65536];
        while (true)
        {
            var end = pending.IndexOf(0x1C);
            if (end < 0)
            {
                var read = await socket.ReceiveAsync(buffer, stop.Token);
                if (read == 0)
                {
                    return;
                }

                pending.AddRange(buffer.AsSpan(0, read).ToArray());
                continue;
            }

            var message = Hl7Message.Parse(Encoding.ASCII.GetString([.. pending.Skip(1).Take(end - 1)]));
            pending.RemoveRange(0, Math.Min(end + 2, pending.Count));
            var controlId = message.Header.GetValue(10);
            int number;
            lock (received)
            {
                received.Add(controlId);
                number = received.Count;
            }

            foreach (var response in script(number, controlId))
            {
                if (response is null)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }

                await socket.SendAsync(MllpFrameWriter.Frame(Encoding.ASCII.GetBytes(response)), stop.Token);
            }
        }
    }
}
