using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Outbound;

/// <summary>Outbound HL7 from the cloud to a scripted RIS (python-hl7's asyncio MLLP server).</summary>
public sealed class RisDeliveryTests
{
    [Fact]
    public async Task A_result_answered_AE_then_not_at_all_then_AA_is_retried_delivered_once_and_the_log_says_why()
    {
        await using var ris = await RisListener.StartAsync("AE,timeout,AA");
        var settings = RisSettings(ris, maxAttempts: 5);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var sender = new CloudPublisher(settings.StorageConnectionString, settings.TenantId);

        await sender.PublishHl7OutboundAsync("out-1", Hl7Samples.Oru("ORU-1", "P1"));

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Count >= 1, "the delivery result reached the cloud", 60,
            agent.Logs.Dump);
        var result = BusContractJson.Deserialize<OutboundDeliveryResult>(Assert.Single(cloud.OfKind(BusMessageKinds.OutboundDeliveryResult)));
        Assert.True(result.Delivered);
        Assert.Equal("out-1", result.OutboundId);
        Assert.Equal("ORU-1", result.ControlId);
        Assert.Equal("AA", result.AcknowledgmentCode);
        Assert.Equal(3, result.Attempts);

        var received = ris.Received();
        Assert.Equal(["AE", "timeout", "AA"], received.Select(r => r.Answer));
        Assert.All(received, r => Assert.Contains("|ORU-1|", r.Message, StringComparison.Ordinal));
        Assert.True(agent.Logs.Contains("not delivered on attempt 1: RIS answered AE"), agent.Logs.Dump());
        Assert.True(agent.Logs.Contains("not delivered on attempt 2: no ACK within 00:00:02"), agent.Logs.Dump());
        Assert.True(agent.Logs.Contains("delivered to the RIS with AA after 3 attempt(s)"), agent.Logs.Dump());

        // Delivered once: nothing more goes to the RIS, and a redelivered bus message is not queued again.
        await sender.PublishHl7OutboundAsync("out-1", Hl7Samples.Oru("ORU-1", "P1"));
        await Task.Delay(1500);
        Assert.Equal(3, ris.Received().Count);
        Assert.Equal((1, 3), ((await agent.Get<OutboundStore>().GetStateAsync("out-1"))!.Value.State, (await agent.Get<OutboundStore>().GetStateAsync("out-1"))!.Value.Attempts));
    }

    [Fact]
    public async Task A_result_the_RIS_keeps_refusing_is_parked_reported_to_the_cloud_and_shown_in_the_status()
    {
        await using var ris = await RisListener.StartAsync("AE");
        var settings = RisSettings(ris, maxAttempts: 3);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var sender = new CloudPublisher(settings.StorageConnectionString, settings.TenantId);

        await sender.PublishHl7OutboundAsync("out-parked", Hl7Samples.Oru("ORU-P", "P1"));
        await sender.PublishHl7OutboundAsync("out-next", Hl7Samples.Oru("ORU-N", "P1"));

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Count >= 2, "both results reached the cloud", 60, agent.Logs.Dump);
        var results = cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Select(BusContractJson.Deserialize<OutboundDeliveryResult>).ToList();
        var parked = results.Single(r => r.OutboundId == "out-parked");
        Assert.False(parked.Delivered);
        Assert.Equal(3, parked.Attempts);
        Assert.Equal("AE", parked.AcknowledgmentCode);
        Assert.Contains("RIS answered AE", parked.Reason, StringComparison.Ordinal);
        Assert.False(results.Single(r => r.OutboundId == "out-next").Delivered); // the RIS refuses everything here

        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
        Assert.Equal("degraded", status.GetProperty("health").GetString());
        Assert.Equal(2, status.GetProperty("queues").GetProperty("outbound").GetProperty("parked").GetInt64());
        Assert.Contains(status.GetProperty("parked").EnumerateArray(), p => p.GetProperty("id").GetString() == "out-parked");
        Assert.True(agent.Logs.Contains("PARKED outbound out-parked (MSH-10 ORU-P) after 3 attempts: RIS answered AE"), agent.Logs.Dump());
    }

    [Fact]
    public async Task A_result_MLLP_cannot_carry_is_parked_at_once_and_delivery_goes_on_with_the_next()
    {
        await using var ris = await RisListener.StartAsync("AA");
        var settings = RisSettings(ris, maxAttempts: 5);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var sender = new CloudPublisher(settings.StorageConnectionString, settings.TenantId);

        // A vertical tab (Word's line break) or a file separator inside the message would end the MLLP frame early.
        await sender.PublishHl7OutboundAsync("out-vt", Hl7Samples.Oru("ORU-VT", "P1").Replace("No acute findings.", "No acute\vfindings.\u001C", StringComparison.Ordinal));
        await sender.PublishHl7OutboundAsync("out-ok", Hl7Samples.Oru("ORU-OK", "P1"));

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Count >= 2, "both results reached the cloud", 60, agent.Logs.Dump);
        var results = cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Select(BusContractJson.Deserialize<OutboundDeliveryResult>).ToList();
        var parked = results.Single(r => r.OutboundId == "out-vt");
        Assert.Equal((false, 1), (parked.Delivered, parked.Attempts));
        Assert.Contains("cannot be sent over MLLP", parked.Reason, StringComparison.Ordinal);
        Assert.True(results.Single(r => r.OutboundId == "out-ok").Delivered);
        Assert.Equal(["ORU-OK"], ris.Received().Select(r => r.Message.Split('|')[9]));
        Assert.False(agent.Logs.Contains("BackgroundService failed"), agent.Logs.Dump());
    }

    [Fact]
    public async Task After_the_RIS_is_fixed_the_requeue_command_delivers_the_parked_result()
    {
        await using var ris = await RisListener.StartAsync("AE,AE,AE,AA");
        var settings = RisSettings(ris, maxAttempts: 3);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        await new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishHl7OutboundAsync("out-fixed", Hl7Samples.Oru("ORU-F", "P1"));
        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Count >= 1, "the parked result reached the cloud", 60,
            agent.Logs.Dump);

        // The command runs as its own process beside the running agent, as an operator would run it.
        var wrongQueue = await RunCommandAsync(settings, "requeue", "inbox", "--all");
        Assert.Equal(2, wrongQueue.ExitCode);
        Assert.Contains("QUEUE is one of: outbox, outbound, spool, commitment", wrongQueue.StandardOutput, StringComparison.Ordinal);
        var unknown = await RunCommandAsync(settings, "requeue", "outbound", "out-unknown");
        Assert.Equal((1, "The outbound queue has no parked entry 'out-unknown' (see /status for the parked ones)."),
            (unknown.ExitCode, unknown.StandardOutput.Trim()));
        var requeue = await RunCommandAsync(settings, "requeue", "outbound", "out-fixed");
        Assert.Equal((0, "Requeued 1 parked outbound entry; the agent tries again on its next pass."), (requeue.ExitCode, requeue.StandardOutput.Trim()));

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Count >= 2, "the delivered result reached the cloud", 60,
            agent.Logs.Dump);
        var delivered = BusContractJson.Deserialize<OutboundDeliveryResult>(cloud.OfKind(BusMessageKinds.OutboundDeliveryResult)[1]);
        Assert.Equal(("out-fixed", true, "AA", 1), (delivered.OutboundId, delivered.Delivered, delivered.AcknowledgmentCode, delivered.Attempts));
        Assert.Equal(["AE", "AE", "AE", "AA"], ris.Received().Select(r => r.Answer));
        Assert.Equal(1, (await RunCommandAsync(settings, "requeue", "outbound", "--all")).ExitCode); // nothing parked any more
    }

    private static Task<ProcessResult> RunCommandAsync(AgentSettings settings, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, .. arguments], TimeSpan.FromMinutes(1), environment: settings.AsEnvironment());

    [Fact]
    public async Task An_ACK_for_another_control_id_does_not_count_as_delivered()
    {
        await using var ris = await RisListener.StartAsync("wrongid,AA");
        var settings = RisSettings(ris, maxAttempts: 5);
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        await new CloudPublisher(settings.StorageConnectionString, settings.TenantId).PublishHl7OutboundAsync("out-w", Hl7Samples.Oru("ORU-W", "P1"));

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.OutboundDeliveryResult).Count >= 1, "the result reached the cloud", 60, agent.Logs.Dump);
        var result = BusContractJson.Deserialize<OutboundDeliveryResult>(cloud.OfKind(BusMessageKinds.OutboundDeliveryResult)[0]);
        Assert.True(result.Delivered);
        Assert.Equal(2, result.Attempts);
        Assert.True(agent.Logs.Contains("the ACK's MSA-2 'NOT-ORU-W' does not match the sent MSH-10 'ORU-W'"), agent.Logs.Dump());
    }

    internal static AgentSettings RisSettings(RisListener ris, int maxAttempts) => new AgentSettings()
        .Set("Ris:Host", "127.0.0.1")
        .Set("Ris:Port", ris.Port)
        .Set("Ris:ResponseTimeout", "00:00:02")
        .Set("Ris:RetryDelay", "00:00:00.200")
        .Set("Ris:MaxRetryDelay", "00:00:00.400")
        .Set("Ris:MaxAttempts", maxAttempts);
}
