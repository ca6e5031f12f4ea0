using System.Text;
using System.Text.Json;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Hl7.Tests.Batch;

/// <summary>Our batch acknowledgements as python-hl7's <c>parse_file</c> reads them.</summary>
public sealed class Hl7BatchAckWriterTests
{
    private static readonly AckBuilderOptions Options = new()
    {
        ControlIdGenerator = () => "OURS",
        TimeProvider = TimeProvider.System,
    };

    [Fact]
    public async Task The_acknowledgement_mirrors_the_file_and_batches_and_counts_what_it_holds()
    {
        var request = Hl7BatchReader.Read(Encoding.ASCII.GetBytes(
            "FHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||F-7\r"
            + "BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-1\r" + Message("C-1") + Message("C-2") + "BTS|2\r"
            + "BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-2\r" + Message("C-3") + "BTS|1\rFTS|2\r"));
        var builder = new AckBuilder(Options);
        var acks = request.Messages.Select((m, i) => i == 1
            ? ReadOnlyMemory<byte>.Empty
            : builder.Acknowledge(Hl7Message.Parse(m.Span), i == 2 ? Hl7AckOutcome.Rejected : Hl7AckOutcome.Accepted).ToBytes()).ToList();

        var python = await PythonHl7Batch.ParseAsync(new Hl7BatchAckWriter(Options).Acknowledge(request, acks));

        var file = python.GetProperty("file");
        Assert.Equal(["FHS", "|", "^~\\&", "EDGE", "SITE", "RIS", "CLINIC"], Fields(file).Take(7));
        Assert.Equal(("OURS", "F-7"), (file[11].GetString(), file[12].GetString()));
        Assert.Equal("2", python.GetProperty("fileTrailer")[1].GetString());
        var batches = python.GetProperty("batches");
        Assert.Equal(2, batches.GetArrayLength());
        Assert.Equal(("EDGE", "RIS", "OURS", "B-1"), (batches[0].GetProperty("header")[3].GetString(), batches[0].GetProperty("header")[5].GetString(),
            batches[0].GetProperty("header")[11].GetString(), batches[0].GetProperty("header")[12].GetString()));
        Assert.Equal("B-2", batches[1].GetProperty("header")[12].GetString());
        Assert.Equal(["1", "1"], batches.EnumerateArray().Select(b => b.GetProperty("trailer")[1].GetString()));
        Assert.Equal([("AA", "C-1")], Acks(batches[0]));
        Assert.Equal([("AR", "C-3")], Acks(batches[1]));
    }

    [Fact]
    public async Task A_refused_batch_gets_one_AR_naming_the_batch_and_the_reason_never_an_empty_batch()
    {
        var frame = Encoding.ASCII.GetBytes("BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-4\r" + Message("C-1") + "BTS|3\r");
        var error = Assert.Throws<Hl7ParseException>(() => Hl7BatchReader.Read(frame));

        var python = await PythonHl7Batch.ParseAsync(new Hl7BatchAckWriter(Options).Reject(frame, error));

        var batch = Assert.Single(python.GetProperty("batches").EnumerateArray());
        Assert.Equal("B-4", batch.GetProperty("header")[12].GetString());
        Assert.Contains("BTS-1 declares 3 messages", batch.GetProperty("header")[10].GetString(), StringComparison.Ordinal);
        Assert.Equal("1", batch.GetProperty("trailer")[1].GetString());
        var ack = Assert.Single(batch.GetProperty("messages").EnumerateArray());
        Assert.Equal(("AR", "B-4"), (ack.GetProperty("code").GetString(), ack.GetProperty("controlId").GetString()));
        Assert.Contains("BTS-1 declares 3 messages", Assert.Single(ack.GetProperty("errors").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_with_no_readable_header_is_still_answered()
    {
        var answer = Encoding.ASCII.GetString(new Hl7BatchAckWriter(Options).Reject("BHS"u8, new Hl7ParseException("short")));

        Assert.StartsWith("BHS|^~\\&|", answer, StringComparison.Ordinal);
        Assert.Contains("\rMSA|AR||short\r", answer, StringComparison.Ordinal);
        Assert.EndsWith("BTS|1\r", answer, StringComparison.Ordinal);
    }

    private static string Message(string controlId) =>
        $"MSH|^~\\&|RIS|CLINIC|EDGE|SITE|20240320101500||ADT^A08^ADT_A01|{controlId}|P|2.5.1\rEVN|A08\rPID|1||P1^^^CLINIC^MR||DOE^JANE\r";

    private static IEnumerable<string?> Fields(JsonElement segment) => segment.EnumerateArray().Select(f => f.GetString());

    private static List<(string?, string?)> Acks(JsonElement batch) =>
        batch.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("code").GetString(), m.GetProperty("controlId").GetString())).ToList();
}
