using System.Text;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Core.Tests.Messaging.Contracts;

public sealed class BusContractJsonTests
{
    [Fact]
    public void Worklist_change_round_trips_with_nested_items_and_codes()
    {
        var change = new WorklistChange
        {
            Upserts =
            [
                new WorklistItem
                {
                    ItemKey = "ACC001-SPS1", Version = 3, PatientName = "Müller^Jürgen", PatientId = "P123",
                    IssuerOfPatientId = "HOSP", AccessionNumber = "ACC001", StudyInstanceUid = "1.2.826.0.1.3680043.2.1",
                    ScheduledProcedureStepId = "SPS1", Modality = "CT", ScheduledStartDate = "20261127",
                    ScheduledStartTime = "093000", RequestedProcedureCodes = [new DicomCode("CTCHEST", "L", "CT chest")],
                },
            ],
            Removals = [new WorklistRemoval("ACC000-SPS1", 9, "cancelled")],
        };

        var json = BusContractJson.Serialize(change);
        var read = BusContractJson.Deserialize<WorklistChange>(Message(json));

        // Records compare lists by reference, so equality is checked on the canonical JSON and on key fields.
        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(BusContractJson.Serialize(read)));
        Assert.Equal("Müller^Jürgen", read.Upserts[0].PatientName);
        Assert.Equal(new DicomCode("CTCHEST", "L", "CT chest"), read.Upserts[0].RequestedProcedureCodes[0]);
        Assert.Equal(change.Removals[0], read.Removals[0]);
    }

    [Fact]
    public void Unknown_members_are_ignored_so_either_side_can_add_fields_first()
    {
        var json = """{"transactionUid":"1.2.3","requestingAeTitle":"CT1","instances":[],"addedLater":42}""";

        var read = BusContractJson.Deserialize<CommitmentRequest>(Message(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("1.2.3", read.TransactionUid);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"requestingAeTitle":"CT1","instances":[]}""")]
    public void Unreadable_body_is_dead_lettered_with_a_reason(string json)
    {
        var error = Assert.Throws<BusDeadLetterException>(
            () => BusContractJson.Deserialize<CommitmentRequest>(Message(Encoding.UTF8.GetBytes(json))));

        Assert.Equal(BusDeadLetterReasons.MalformedBody, error.Reason);
        Assert.Contains(BusMessageKinds.DicomCommitmentRequested, error.Message, StringComparison.Ordinal);
    }

    private static BusMessage Message(byte[] body) => new()
    {
        MessageId = BusMessage.NewId(),
        Kind = BusMessageKinds.DicomCommitmentRequested,
        SessionKey = "tenant-a",
        ContentType = BusContractJson.ContentType,
        Body = body,
    };
}
