using System.Text;

namespace CloudRisPacs.Hl7.Tests.Mllp;

/// <summary>How the MLLP client reads what a RIS answers: application responses, extra frames, closed connections.</summary>
public sealed class MllpClientResponseTests
{
    [Fact]
    public async Task An_ORR_O02_with_MSA_AA_acknowledges_the_ORM_it_answers()
    {
        await using var ris = new ScriptedRis((_, id) => [ScriptedRis.Ack("AA", id, "ORR^O02^ORR_O02")]);
        await using var client = ris.Client(TimeSpan.FromSeconds(10));

        var result = await client.SendAsync(Orm("ORM-1"), CancellationToken.None);

        Assert.Null(result.ResponseError);
        Assert.True(result.IsAccepted);
        Assert.Equal(("AA", "ORM-1"), (result.AcknowledgmentCode, result.AcknowledgedControlId));
    }

    [Fact]
    public async Task A_response_without_MSA_does_not_acknowledge()
    {
        await using var ris = new ScriptedRis((_, id) => [$"MSH|^~\\&|RIS|HOSP|EDGE|CLINIC|20260101||ORR^O02|R-{id}|P|2.5\rPID|1||P1\r"]);
        await using var client = ris.Client(TimeSpan.FromSeconds(10));

        var result = await client.SendAsync(Orm("ORM-2"), CancellationToken.None);

        Assert.False(result.IsAccepted);
        Assert.Equal("The response is ORR^O02 without an MSA segment, not an acknowledgement.", result.ResponseError);
    }

    [Fact]
    public async Task A_RIS_answering_CA_then_AA_has_every_message_acknowledged_for_itself_on_one_connection()
    {
        await using var ris = new ScriptedRis((_, id) => [ScriptedRis.Ack("CA", id), ScriptedRis.Ack("AA", id)]);
        await using var client = ris.Client(TimeSpan.FromSeconds(5));

        for (var i = 1; i <= 4; i++)
        {
            var result = await client.SendAsync(Orm($"M{i}"), CancellationToken.None);
            Assert.True(result.IsAccepted, result.ResponseError ?? $"M{i}: {result.AcknowledgmentCode} for {result.AcknowledgedControlId}");
            Assert.Equal($"M{i}", result.AcknowledgedControlId);
        }

        Assert.Equal(["M1", "M2", "M3", "M4"], ris.Received);
        Assert.Equal(1, ris.Connections);
    }

    [Fact]
    public async Task A_response_naming_a_control_id_never_sent_drops_the_connection()
    {
        await using var ris = new ScriptedRis((n, id) => [ScriptedRis.Ack("AA", n == 1 ? "SOMEONE-ELSE" : id)]);
        await using var client = ris.Client(TimeSpan.FromSeconds(5));

        var first = await client.SendAsync(Orm("U1"), CancellationToken.None);
        Assert.False(first.IsAccepted);
        Assert.False(client.IsConnected);

        Assert.True((await client.SendAsync(Orm("U2"), CancellationToken.None)).IsAccepted);
        Assert.Equal(2, ris.Connections);
    }

    [Fact]
    public async Task A_RIS_closing_after_each_ACK_gets_every_message_at_the_first_attempt()
    {
        await using var ris = new ScriptedRis((_, id) => [ScriptedRis.Ack("AA", id), null]);
        await using var client = ris.Client(TimeSpan.FromSeconds(5));

        for (var i = 1; i <= 4; i++)
        {
            await Task.Delay(200); // the RIS's close has arrived: the connection looks connected but is not
            var result = await client.SendAsync(Orm($"C{i}"), CancellationToken.None);
            Assert.Equal((true, 1), (result.IsAccepted, result.Attempts));
        }

        Assert.Equal(["C1", "C2", "C3", "C4"], ris.Received);
        Assert.Equal(4, ris.Connections);
    }

    [Fact]
    public async Task A_reused_connection_closed_before_the_answer_is_sent_again_once_on_a_new_one()
    {
        // The second message meets the RIS closing the connection (its idle timeout) before it answers.
        await using var ris = new ScriptedRis((n, id) => n == 2 ? [null] : [ScriptedRis.Ack("AA", id)]);
        await using var client = ris.Client(TimeSpan.FromSeconds(5));

        Assert.True((await client.SendAsync(Orm("R1"), CancellationToken.None)).IsAccepted);
        var second = await client.SendAsync(Orm("R2"), CancellationToken.None);

        Assert.Equal((true, 1), (second.IsAccepted, second.Attempts));
        Assert.Equal(["R1", "R2", "R2"], ris.Received);
    }

    private static byte[] Orm(string controlId) =>
        Encoding.ASCII.GetBytes($"MSH|^~\\&|EDGE|CLINIC|RIS|HOSP|20260101||ORM^O01|{controlId}|P|2.5\rPID|1||P1\rORC|SC|1\rOBR|1|1||CT^CT\r");
}
