using System.Text;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;

namespace CloudRisPacs.EdgeAgent.Tests.Fuzz;

/// <summary>
/// Mutated and random inputs through the durable handler: it never throws, every answer is a readable ACK/NAK addressed
/// to the salvaged control id, and every distinct input is recorded exactly once (accepted or rejected).
/// 2,000 cases per run; 200,000 with CLOUDRISPACS_FUZZ_LONG=1; CLOUDRISPACS_FUZZ_SEED replays a failure.
/// </summary>
public sealed class HandlerFuzzTests
{
    private static readonly byte[] Interesting = "|^~\\&\r\n\"MSHPIDEVNPV1X0123456789 "u8.ToArray().Concat(new byte[] { 0x0B, 0x1C, 0x00, 0xFF, 0xC3, 0xA9 }).ToArray();

    [Fact]
    public async Task The_handler_answers_every_input_with_a_readable_acknowledgement_and_records_it_once()
    {
        var longMode = Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1";
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_SEED"), out var s) ? s : longMode ? Environment.TickCount : 6060;
        var cases = longMode ? 200_000 : 2_000;
        var random = new Random(seed);
        await using var harness = new HandlerHarness();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var done = 0; done < cases; done += 50)
        {
            var inputs = Enumerable.Range(0, 50).Select(_ => Mutate(random)).ToList();
            var responses = await Task.WhenAll(inputs.Select(harness.SendAsync));
            for (var i = 0; i < inputs.Count; i++)
            {
                distinct.Add(Convert.ToHexString(inputs[i]));
                if (responses[i].IsEmpty)
                {
                    continue; // enhanced mode with MSH-15 NE/ER: no accept ACK, still stored
                }

                AckMessage ack;
                try
                {
                    ack = new AckMessage(Hl7Message.Parse(responses[i].Span));
                }
                catch (Hl7ParseException ex)
                {
                    Assert.Fail($"seed {seed}: the answer to {Convert.ToHexString(inputs[i])} is not readable: {ex.Message}");
                    throw;
                }

                Assert.True(ack.AcknowledgmentCode is "AA" or "AE" or "AR" or "CA" or "CE" or "CR", $"seed {seed}: code {ack.AcknowledgmentCode}");
                var expected = Hl7HeaderScanner.Salvage(inputs[i]).ControlId;
                Assert.True(expected.All(c => c is >= ' ' and <= '~') == false || ack.AcknowledgedControlId == expected,
                    $"seed {seed}: MSA-2 '{ack.AcknowledgedControlId}' for control id '{expected}'");
            }
        }

        var (pending, _, _) = await harness.Temp.Outbox.CountAsync();
        Assert.Equal(distinct.Count, pending);
    }

    private static byte[] Mutate(Random random)
    {
        if (random.Next(8) == 0)
        {
            var noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            return noise;
        }

        var data = Encoding.ASCII.GetBytes(random.Next(3) == 0
            ? Hl7Samples.EnhancedAdt($"F-{random.Next(1000)}", $"P{random.Next(50)}", random.Next(2) == 0 ? "AL" : "NE", "AL")
            : Hl7Samples.Adt($"F-{random.Next(1000)}", $"P{random.Next(50)}", random.Next(1000))).ToList();
        var mutations = random.Next(0, 5);
        for (var m = 0; m < mutations && data.Count > 0; m++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(5))
            {
                case 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 1:
                    data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    data.RemoveRange(at, Math.Min(random.Next(1, 30), data.Count - at));
                    break;
                case 3:
                    data.InsertRange(at, Enumerable.Repeat(Interesting[random.Next(Interesting.Length)], random.Next(1, 50)));
                    break;
                default:
                    data.RemoveRange(at, data.Count - at);
                    break;
            }
        }

        return data.ToArray();
    }
}
