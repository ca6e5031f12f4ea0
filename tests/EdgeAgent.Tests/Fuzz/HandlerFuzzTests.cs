using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.Hl7.Tests.Fuzz;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;

namespace CloudRisPacs.EdgeAgent.Tests.Fuzz;

/// <summary>
/// Mutated corpus messages (the HL7 library's corpus and mutator) and random bytes through the durable handler: it
/// never throws, every answer is a readable ACK/NAK addressed to the salvaged control id, and every distinct input is
/// recorded exactly once (accepted or rejected).
/// 2,000 cases per run; 200,000 with CLOUDRISPACS_FUZZ_LONG=1; CLOUDRISPACS_FUZZ_SEED replays a failure.
/// </summary>
public sealed class HandlerFuzzTests
{
    [Fact]
    public async Task The_handler_answers_every_input_with_a_readable_acknowledgement_and_records_it_once()
    {
        var longMode = Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1";
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_SEED"), out var s) ? s : longMode ? Environment.TickCount : 6060;
        var cases = longMode ? 200_000 : 2_000;
        var mutator = new Er7Mutator(new Random(seed));
        await using var harness = new HandlerHarness();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var done = 0; done < cases; done += 50)
        {
            var inputs = Enumerable.Range(0, 50).Select(_ => mutator.Next()).ToList();
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

}
