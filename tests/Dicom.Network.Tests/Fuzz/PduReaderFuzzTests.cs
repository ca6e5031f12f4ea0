using System.Buffers;
using System.Diagnostics;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Tests.PduLayer;
using CloudRisPacs.TestSupport;
using FsCheck.Fluent;

namespace CloudRisPacs.Dicom.Network.Tests.Fuzz;

/// <summary>
/// Mutated and random bytes never make the PDU reader throw, hang or allocate without bound: every input ends as PDUs,
/// invalid PDUs or a request for more bytes. Thousands of cases per run; <c>CLOUDRISPACS_FUZZ_LONG=1</c> for many more.
/// </summary>
public sealed class PduReaderFuzzTests
{
    // PDU lengths are big endian.
    private static readonly ByteMutator PduMutator = new(bigEndian: true);

    private static readonly bool Long = Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1";

    private static readonly Lazy<byte[][]> Seeds = new(() => PduGenerators.AnyPdu().Sample(60, 200).Select(PduWriter.ToArray).ToArray());

    [Fact]
    public void Mutated_pdus_read_as_pdus_or_invalid_pdus()
    {
        var random = new Random(20240612);
        var outcomes = new int[3];
        for (var i = 0; i < (Long ? 500_000 : 10_000); i++)
        {
            var input = PduMutator.Mutate(Seeds.Value[random.Next(Seeds.Value.Length)], random);
            outcomes[Exercise(input, i, random.Next(1, 600))]++;
        }

        // Valid, invalid and incomplete all occur: the mutations reach every path.
        Assert.All(outcomes, count => Assert.True(count > 100, string.Join(", ", outcomes)));
    }

    [Fact]
    public void Random_bytes_read_as_invalid_pdus_or_wait_for_more()
    {
        var random = new Random(11);
        for (var i = 0; i < (Long ? 200_000 : 5_000); i++)
        {
            var input = new byte[random.Next(0, 400)];
            random.NextBytes(input);
            if (input.Length > 0 && i % 2 == 0)
            {
                input[0] = (byte)random.Next(1, 8);
            }

            Exercise(input, i, random.Next(1, 100));
        }
    }

    /// <summary>0: only PDUs read; 1: an invalid PDU; 2: bytes left waiting for more.</summary>
    private static int Exercise(byte[] input, int number, int segment)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            var buffer = PduProperties.Segmented(input, segment);
            while (PduReader.TryRead(ref buffer, 64 * 1024, out var pdu))
            {
                if (pdu is InvalidPdu invalid)
                {
                    Assert.False(string.IsNullOrEmpty(invalid.Detail));
                    return 1;
                }
            }

            return buffer.IsEmpty ? 0 : 2;
        }
        catch (Exception ex)
        {
            Assert.Fail($"case {number} threw {ex.GetType().Name}: {ex.Message}\ninput: {Convert.ToBase64String(input)}");
            throw;
        }
        finally
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"case {number} took {clock.Elapsed}");
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (1L << 20) + (input.Length * 64L), $"case {number} allocated {allocated} bytes for {input.Length} bytes");
        }
    }
}
