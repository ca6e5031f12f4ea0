using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Edge.Storage;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Status;

public sealed class StatusAndCheckTests
{
    [Fact]
    public async Task The_status_endpoint_reports_health_queues_cloud_contact_counters_and_endpoints()
    {
        var settings = new AgentSettings().Set("HeartbeatInterval", "00:00:05");
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        var file = Hl7Samples.WriteMllpFile(Hl7Samples.Batch("S", 5, patients: 2).Select(m => m.Text));
        try
        {
            (await MllpSend.RunAsync(file, settings.MllpPort, TimeSpan.FromMinutes(1))).Result.EnsureSuccess("mllp_send");
        }
        finally
        {
            File.Delete(file);
        }

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.EdgeHeartbeat).Count >= 1, "a heartbeat reached the cloud", 30);
        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri(settings.StatusUri, "/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var status = await http.GetFromJsonAsync<JsonElement>(settings.StatusUri);
        Assert.Equal("healthy", status.GetProperty("health").GetString());
        Assert.Equal(settings.TenantId, status.GetProperty("tenant").GetString());
        Assert.Equal($"mllp://127.0.0.1:{settings.MllpPort}", status.GetProperty("endpoints").GetProperty("mllp").GetString());
        Assert.Equal(5, status.GetProperty("counters").GetProperty("hl7.accepted").GetInt64());
        Assert.True(status.GetProperty("lastCloudContact").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        foreach (var queue in new[] { "outbox", "outbound", "spool" })
        {
            Assert.True(status.GetProperty("queues").TryGetProperty(queue, out var backlog), queue);
            Assert.Equal(0, backlog.GetProperty("parked").GetInt64());
        }

        var heartbeat = BusContractJson.Deserialize<EdgeHeartbeat>(cloud.OfKind(BusMessageKinds.EdgeHeartbeat)[0]);
        Assert.Equal("test-site", heartbeat.SiteId);
        Assert.Contains("outbox", heartbeat.Backlogs.Keys);
    }

    [Fact]
    public async Task A_parked_instance_reaches_the_cloud_in_the_next_heartbeat_with_its_age()
    {
        var settings = new AgentSettings().Set("HeartbeatInterval", "00:00:05");
        await using var agent = await InProcessAgent.StartAsync(settings);
        await using var cloud = new IngressConsumer(settings.StorageConnectionString, settings.TenantId);
        // An instance the modality was told is stored, received ten minutes ago, whose file is gone: the uploader parks it.
        var spool = agent.Get<SpoolStore>();
        await spool.AddAsync(new SpoolEntry("lost.dcm", "1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.2", "1.2.3", "1.2.3.4", "1.2.840.10008.1.2.1", "P1", 300,
            "MODALITY1", "CLOUDRISPACS", "corr-lost", DateTimeOffset.UtcNow.AddMinutes(-10)));
        await Eventually.HoldsAsync(async () => (await spool.ListParkedAsync(10)).Count == 1, "the uploader parked the instance", 30);

        await Eventually.HoldsAsync(() => cloud.OfKind(BusMessageKinds.EdgeHeartbeat).Select(BusContractJson.Deserialize<EdgeHeartbeat>)
            .Any(h => h.Backlogs.TryGetValue("spool.parked", out var parked) && parked.Count == 1 && parked.OldestAgeSeconds >= 600),
            "a heartbeat carried the parked instance and its age", 30);
        var last = BusContractJson.Deserialize<EdgeHeartbeat>(cloud.OfKind(BusMessageKinds.EdgeHeartbeat)[^1]);
        Assert.Equal(0, last.Backlogs["outbox.parked"].Count);
        Assert.Equal(0, last.Backlogs["spool"].Count);
    }

    [Fact]
    public async Task The_check_command_reports_each_connection_in_plain_words()
    {
        var settings = new AgentSettings().Set("Ris:Host", "127.0.0.1").Set("Ris:Port", FreeTcpPort.Next());
        Directory.CreateDirectory(settings.DataFolder);
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, "check"], TimeSpan.FromMinutes(2),
                environment: settings.AsEnvironment());
            Assert.Equal(1, result.ExitCode);
            var output = result.StandardOutput;
            Assert.Contains("OK    Configuration: valid", output, StringComparison.Ordinal);
            Assert.Contains("OK    Data folder:", output, StringComparison.Ordinal);
            Assert.Contains($"OK    Cloud Blob Storage: container 'dicom-{settings.TenantId}' is reachable", output, StringComparison.Ordinal);
            Assert.Contains($"OK    Cloud bus: sent a heartbeat to 'ingress-{settings.TenantId}'", output, StringComparison.Ordinal);
            Assert.Contains("FAIL  RIS endpoint: 127.0.0.1:", output, StringComparison.Ordinal);
            Assert.Contains("1 check(s) failed.", output, StringComparison.Ordinal);
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    [Fact]
    public async Task The_check_command_fails_a_missing_data_folder_and_leaves_it_missing()
    {
        var settings = new AgentSettings();
        var database = Path.Combine(settings.DataFolder, "edge.db");
        try
        {
            var result = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, "check"], TimeSpan.FromMinutes(2),
                environment: settings.AsEnvironment());
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"FAIL  Data folder: {settings.DataFolder} does not exist.", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("1 check(s) failed.", result.StandardOutput, StringComparison.Ordinal);
            Assert.False(File.Exists(database), "check created edge.db");
            Assert.False(Directory.Exists(settings.DataFolder), "check created the data folder");
        }
        finally
        {
            await InProcessAgent.CleanUpAsync(settings);
        }
    }

    [Fact]
    public async Task The_check_command_and_the_agent_list_every_configuration_problem()
    {
        var settings = new AgentSettings().Set("Mllp:Port", 0).Set("Cloud:Mode", "Carrier-Pigeon").Set("TenantId", "X");
        var check = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll, "check"], TimeSpan.FromMinutes(1), environment: settings.AsEnvironment());
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("FAIL  Configuration: EdgeAgent:Cloud:Mode 'Carrier-Pigeon' is not a valid value", check.StandardOutput, StringComparison.Ordinal);

        var run = await ProcessRunner.RunAsync("dotnet", [AgentProcess.AgentDll], TimeSpan.FromMinutes(1), environment: settings.AsEnvironment());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("The edge agent configuration has", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("EdgeAgent:Cloud:Mode 'Carrier-Pigeon'", run.StandardError, StringComparison.Ordinal);
    }
}
