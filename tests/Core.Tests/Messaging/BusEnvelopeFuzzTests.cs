using System.Text;
using CloudRisPacs.Core.Messaging;
using FsCheck;
using FsCheck.Fluent;

namespace CloudRisPacs.Core.Tests.Messaging;

/// <summary>
/// Feeds the envelope reader random bytes and mutated valid envelopes: it must either return a valid message or throw
/// <see cref="BusEnvelopeFormatException"/>, never anything else. Thousands of cases per normal run; set
/// CLOUDRISPACS_FUZZ_LONG=1 for a long run.
/// </summary>
public sealed class BusEnvelopeFuzzTests
{
    private static readonly int Cases = Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1" ? 500_000 : 5_000;

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_a_format_error()
    {
        var random = new Random(20261127);
        for (var i = 0; i < Cases; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            if (random.Next(4) == 0 && bytes.Length > 0)
            {
                bytes[0] = (byte)'{';
            }

            AssertReadsOrRefuses(bytes);
        }
    }

    [Fact]
    public void Mutated_valid_envelopes_never_escape_as_anything_but_a_format_error()
    {
        var random = new Random(7);
        var samples = BusMessageGenerators.Messages.Sample(Cases / 10, 30).ToArray();
        var tokens = new[] { "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-1", "\"v\":2", "\"body\":", "\\u0000", "\\ud800" };
        var accepted = 0;
        for (var i = 0; i < Cases; i++)
        {
            var text = BusEnvelopeSerializer.SerializeToString(samples[random.Next(samples.Length)]);
            var builder = new StringBuilder(text);
            for (var edits = random.Next(1, 4); edits > 0 && builder.Length > 0; edits--)
            {
                var at = random.Next(builder.Length);
                switch (random.Next(3))
                {
                    case 0:
                        builder.Remove(at, Math.Min(random.Next(1, 8), builder.Length - at));
                        break;
                    case 1:
                        builder.Insert(at, tokens[random.Next(tokens.Length)]);
                        break;
                    default:
                        builder[at] = (char)random.Next(0, 128);
                        break;
                }
            }

            if (AssertReadsOrRefuses(Encoding.UTF8.GetBytes(builder.ToString())))
            {
                accepted++;
            }
        }

        // Some mutations land in string contents and still form valid envelopes; most must be refused.
        Assert.InRange(accepted, 1, Cases - 1);
    }

    private static bool AssertReadsOrRefuses(byte[] bytes)
    {
        try
        {
            var envelope = BusEnvelopeSerializer.Deserialize(bytes);
            Assert.Null(BusMessageRules.FindProblem(envelope.Message));
            return true;
        }
        catch (BusEnvelopeFormatException)
        {
            return false;
        }
    }
}
