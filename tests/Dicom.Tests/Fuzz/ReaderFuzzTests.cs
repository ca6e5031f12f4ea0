using System.Diagnostics;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Json;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.Dicom.Tests.IO;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Fuzz;

/// <summary>
/// Mutated corpus files never make the readers throw anything but <see cref="DicomParseException"/>, never hang, and
/// stay within memory bounds; whatever they do read can be converted to JSON and written again. Thousands of cases in
/// the normal run; set <c>CLOUDRISPACS_FUZZ_LONG=1</c> for many more.
/// </summary>
public sealed class ReaderFuzzTests
{
    // Item, item delimitation and sequence delimitation tags: planted, they send the reader down its nesting paths.
    private static readonly ByteMutator Mutator = new(bigEndian: false, 0xE000FFFE, 0xE00DFFFE, 0xE0DDFFFE);

    private static readonly bool Long = Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1";

    private static readonly Lazy<byte[][]> Seeds = new(() => RoundTripTests.ReadableFiles
        .Select(row => File.ReadAllBytes(CorpusFiles.PathOf((string)row[0])))
        .Where(bytes => bytes.Length <= 64 * 1024)
        .ToArray());

    [Fact]
    public void Mutated_files_give_a_data_set_or_a_parse_exception()
    {
        var cases = Long ? 200_000 : 4_000;
        var random = new Random(20240611);
        var outcomes = new int[2];
        for (var i = 0; i < cases; i++)
        {
            var seed = Seeds.Value[random.Next(Seeds.Value.Length)];
            var input = Mutator.Mutate(seed, random);
            outcomes[Exercise(input, i, streamed: i % 4 == 0, random) ? 0 : 1]++;
        }

        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        Assert.True(outcomes[0] > cases / 10 && outcomes[1] > cases / 10, $"read {outcomes[0]}, rejected {outcomes[1]}");
    }

    [Fact]
    public void Random_bytes_give_a_data_set_or_a_parse_exception()
    {
        var random = new Random(7);
        for (var i = 0; i < (Long ? 100_000 : 2_000); i++)
        {
            var input = new byte[random.Next(0, 600)];
            random.NextBytes(input);
            if (i % 3 == 0 && input.Length > 140)
            {
                "DICM"u8.CopyTo(input.AsSpan(128));
            }

            Exercise(input, i, streamed: i % 2 == 0, random);
        }
    }

    private static bool HasFragments(DicomDataset dataset) =>
        dataset.Any(entry => entry is DicomFragmentSequence || (entry is DicomSequence sequence && sequence.Items.Any(HasFragments)));

    /// <summary>Reads one input; true when a data set came out, false for a DicomParseException.</summary>
    private static bool Exercise(byte[] input, int number, bool streamed, Random random)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            var options = new DicomReaderOptions { MaxValueLength = 16 << 20 };
            var file = streamed
                ? DicomFileReader.Read(new NonSeekableStream(input, random.Next(1, 4096)), options)
                : DicomFileReader.Read(input, options);

            // Whatever was read must be usable: JSON, and writing it back out.
            _ = DicomJsonWriter.Serialize(file.Dataset);
            var target = HasFragments(file.Dataset) ? DicomTransferSyntax.JPEGBaseline8Bit : RoundTripTests.TargetsFor(DicomTransferSyntax.ExplicitVRLittleEndian)[number % 4];
            _ = DicomDatasetWriter.Encode(file.Dataset, target);

            return true;
        }
        catch (DicomParseException)
        {
            return false;
        }
        catch (Exception ex)
        {
            Assert.Fail($"case {number} ({input.Length} bytes, streamed={streamed}) threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}\ninput: {Convert.ToBase64String(input)}");
            throw;
        }
        finally
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"case {number} took {clock.Elapsed}");
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (64L << 20) + (input.Length * 64L), $"case {number} allocated {allocated} bytes for {input.Length} bytes of input");
        }
    }
}
