using System.Buffers.Binary;
using System.Text;
using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Tests.Fuzz;
using CloudRisPacs.TestSupport;
using FsCheck.Fluent;

namespace CloudRisPacs.Hl7.Tests.Batch;

/// <summary>Mutated batches through what a receiver does with one: read it, then acknowledge or refuse it. Only the parse exception may come out.</summary>
public sealed class Hl7BatchFuzzTests
{
    [Fact]
    public async Task Mutated_batches_are_read_or_refused_and_always_answered()
    {
        var seed = FuzzBudget.Seed(20261129);
        var random = new Random(seed);
        var samples = BatchGenerators.Batch.Sample(40, 30).Select(model => model.Write()).ToList();
        var mutator = new ByteMutator(bigEndian: false, [.. new[] { "BTS|", "FTS|", "BHS|", "FHS|", "MSH|", "\rPID" }.Select(Word)]);
        var writer = new Hl7BatchAckWriter();
        var cases = FuzzBudget.Cases(3000);
        var read = 0;
        await Task.Run(() =>
        {
            for (var i = 0; i < cases; i++)
            {
                var input = mutator.Mutate(samples[random.Next(samples.Count)], random);
                try
                {
                    try
                    {
                        var batch = Hl7BatchReader.Read(input, new Hl7BatchReaderOptions { MaxMessages = 50 });
                        Assert.NotEmpty(writer.Acknowledge(batch, batch.Messages.ToList()));
                        read++;
                    }
                    catch (Hl7ParseException error)
                    {
                        Assert.NotEmpty(writer.Reject(input, error));
                    }
                }
                catch (Exception ex) when (ex is not Hl7ParseException)
                {
                    throw new InvalidOperationException(
                        $"Fuzz case {i} (seed {seed}) failed: {ex.GetType().Name}: {ex.Message}\ninput (base64): {Convert.ToBase64String(input)}", ex);
                }
            }
        }).WaitAsync(TimeSpan.FromMinutes(FuzzBudget.LongMode ? 60 : 2));

        Assert.True(read > cases / 20, $"only {read} of {cases} mutated batches were read");
        Assert.True(read < cases, "no mutation was refused");
    }

    // Segment ids planted anywhere: envelope segments out of place are what a spliced or truncated batch looks like.
    private static uint Word(string text) => BinaryPrimitives.ReadUInt32LittleEndian(Encoding.ASCII.GetBytes(text));
}
