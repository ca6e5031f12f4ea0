using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Interop;

/// <summary>python-hl7 sends HL7 batch files to the whole agent over MLLP and reads the batch acknowledgement with its own parser.</summary>
public sealed class Hl7BatchToAgentTests
{
    [Fact]
    public async Task A_file_of_two_batches_is_acknowledged_message_by_message_and_every_message_reaches_the_cloud_once()
    {
        var settings = new AgentSettings();
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var first = Hl7Samples.Batch("F", 120, patients: 10);
        var second = Hl7Samples.Batch("G", 80, patients: 10, start: 120);
        var frame = "FHS|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320||||FILE-1\r"
            + "BHS|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320||||BATCH-1\r" + string.Concat(first.Select(m => m.Text)) + "BTS|120\r"
            + "BHS|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320||||BATCH-2\r" + string.Concat(second.Select(m => m.Text)) + "BTS|80\r"
            + "FTS|2\r";

        var answer = await PythonHl7Batch.SendAsync(settings.MllpPort, Encoding.ASCII.GetBytes(frame));

        Assert.Equal("FILE-1", answer.GetProperty("file")[12].GetString());
        Assert.Equal("2", answer.GetProperty("fileTrailer")[1].GetString());
        var batches = answer.GetProperty("batches");
        Assert.Equal(["BATCH-1", "BATCH-2"], batches.EnumerateArray().Select(b => b.GetProperty("header")[12].GetString()));
        Assert.Equal(["120", "80"], batches.EnumerateArray().Select(b => b.GetProperty("trailer")[1].GetString()));
        var acks = batches.EnumerateArray().SelectMany(b => b.GetProperty("messages").EnumerateArray()).ToList();
        Assert.Equal(first.Concat(second).Select(m => ("AA", m.ControlId)), acks.Select(a => (a.GetProperty("code").GetString()!, a.GetProperty("controlId").GetString()!)));

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.Hl7Received).Count >= 200,
            "every message of the batch reached the cloud", 90, () => $"{cloud.Deliveries.Count} delivered");
        await Task.Delay(1000); // a duplicate would arrive right behind
        var received = cloud.OfKind(BusMessageKinds.Hl7Received);
        Assert.Equal(200, received.Count);
        var byControlId = received.ToDictionary(m => m.Properties[Hl7MessageProperties.ControlId]);
        foreach (var (controlId, patientId, text) in first.Concat(second))
        {
            Assert.Equal(text, Encoding.ASCII.GetString(byControlId[controlId].Body.Span));
            Assert.Equal($"{settings.TenantId}/{patientId}", byControlId[controlId].SessionKey);
        }
    }

    [Fact]
    public async Task A_truncated_batch_is_refused_with_an_AR_and_only_its_rejection_reaches_the_cloud()
    {
        var settings = new AgentSettings();
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var messages = Hl7Samples.Batch("T", 3, patients: 3);
        var frame = "BHS|^~\\&|RIS|CLINIC|CLOUDRISPACS|CLOUD|20240320||||BATCH-9\r" + string.Concat(messages.Select(m => m.Text)) + "BTS|5\r";

        var answer = await PythonHl7Batch.SendAsync(settings.MllpPort, Encoding.ASCII.GetBytes(frame));

        var batch = Assert.Single(answer.GetProperty("batches").EnumerateArray());
        Assert.Equal("BATCH-9", batch.GetProperty("header")[12].GetString());
        var ack = Assert.Single(batch.GetProperty("messages").EnumerateArray());
        Assert.Equal(("AR", "BATCH-9"), (ack.GetProperty("code").GetString(), ack.GetProperty("controlId").GetString()));
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.Hl7Rejected).Count >= 1, "the rejection reached the cloud", 60);
        await Task.Delay(1000);
        var rejected = Assert.Single(cloud.OfKind(BusMessageKinds.Hl7Rejected));
        Assert.Contains("BTS-1 declares 5 messages, the batch holds 3", rejected.Properties[Hl7MessageProperties.RejectionReason], StringComparison.Ordinal);
        Assert.Empty(cloud.OfKind(BusMessageKinds.Hl7Received));
    }
}
