using System.Buffers;
using System.IO.Pipelines;
using CloudRisPacs.Hl7.Mllp;
using CloudRisPacs.Hl7.Tests.Fuzz;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Hl7.Tests.Mllp;

public sealed class MllpFramingProperties
{
    private static readonly Gen<byte[]> Payload =
        Gen.Choose(0, 300).SelectMany(n => Gen.Choose(0, 255).Where(b => b is not (0x0B or 0x1C)).Select(b => (byte)b).ArrayOf(n));

    private static readonly Gen<byte[]> Noise =
        Gen.Choose(0, 5).SelectMany(n => Gen.Elements<byte>((byte)'x', 0x0D, 0x0A, 0x00, 0xFF).ArrayOf(n));

    [Property(MaxTest = 300)]
    public Property Messages_survive_any_split_across_reads_with_noise_between_frames()
    {
        var stream = Gen.Choose(1, 6).SelectMany(n => Gen.Zip(Payload, Noise).ArrayOf(n));
        var cuts = Gen.Choose(1, 64);
        return Prop.ForAll(Arb.From(stream), Arb.From(cuts), (items, chunk) =>
        {
            var bytes = items.SelectMany(i => MllpFrameWriter.Frame(i.Item1).Concat(i.Item2)).ToArray();
            var frames = DecodeThroughPipe(bytes, chunk, max: 1000).GetAwaiter().GetResult();
            var messages = frames.Where(f => f.Kind == MllpFrameKind.Message).Select(f => f.Payload.ToArray()).ToList();
            Assert.Equal(items.Length, messages.Count);
            for (var i = 0; i < items.Length; i++)
            {
                Assert.Equal(items[i].Item1, messages[i]);
            }

            Assert.DoesNotContain(frames, f => f.Kind == MllpFrameKind.Oversize);
        });
    }

    [Fact]
    public async Task Random_byte_streams_never_throw_and_every_byte_is_accounted_for()
    {
        var seed = FuzzBudget.Seed(77);
        var random = new Random(seed);
        for (var i = 0; i < FuzzBudget.Cases(3000); i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            for (var k = 0; k < bytes.Length / 10; k++)
            {
                bytes[random.Next(bytes.Length)] = random.Next(3) switch { 0 => 0x0B, 1 => 0x1C, _ => 0x0D };
            }

            var frames = await DecodeThroughPipe(bytes, random.Next(1, 50), max: random.Next(1, 200));
            var accounted = frames.Sum(f => f.Kind == MllpFrameKind.Message ? f.Length + 2 : f.Length);
            Assert.True(accounted <= bytes.Length, $"seed {seed} case {i}: {accounted} > {bytes.Length}");
        }
    }

    /// <summary>Feeds bytes through a real Pipe in chunks, decoding the way a server read loop does.</summary>
    internal static async Task<List<MllpFrame>> DecodeThroughPipe(byte[] bytes, int chunk, int max)
    {
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            for (var at = 0; at < bytes.Length; at += chunk)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(at, Math.Min(chunk, bytes.Length - at)));
            }

            await pipe.Writer.CompleteAsync();
        });
        var frames = new List<MllpFrame>();
        while (true)
        {
            var read = await pipe.Reader.ReadAsync();
            var buffer = read.Buffer;
            while (MllpFrameReader.TryRead(ref buffer, max, out var frame))
            {
                frames.Add(frame);
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        await pipe.Reader.CompleteAsync();
        await writing;
        return frames;
    }
}
