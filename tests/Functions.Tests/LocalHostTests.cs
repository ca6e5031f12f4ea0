using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.Azure.StorageQueues;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Functions.LocalHost;
using CloudRisPacs.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CloudRisPacs.Functions.Tests;

/// <summary>
/// The local host end to end against Azurite: started in-process on a free loopback port, fed over the real Storage
/// Queue bus as the edge agent feeds it, and called over HTTP with per-tenant API keys.
/// </summary>
public sealed class LocalHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime, IDisposable
{
    private readonly TenantId a = TenantId.Parse("la" + Guid.NewGuid().ToString("N")[..10]);
    private readonly TenantId b = TenantId.Parse("lb" + Guid.NewGuid().ToString("N")[..10]);
    private readonly HttpClient client = new();
    private WebApplication? app;
    private Uri baseUri = null!;

    private string EdgeKeyA => $"edge-{a.Value}-key";

    private string StaffKeyA => $"staff-{a.Value}-key";

    private string StaffKeyB => $"staff-{b.Value}-key";

    public async Task InitializeAsync()
    {
        app = LocalCloudHost.Build(
        [
            "--LocalHost:Port=0",
            $"--LocalHost:StorageConnectionString={azurite.ConnectionString}",
            "--LocalHost:TimersEnabled=false",
            $"--LocalHost:Tenants:0:Id={a.Value}", $"--LocalHost:Tenants:0:EdgeApiKey={EdgeKeyA}", $"--LocalHost:Tenants:0:StaffApiKey={StaffKeyA}",
            $"--LocalHost:Tenants:1:Id={b.Value}", $"--LocalHost:Tenants:1:StaffApiKey={StaffKeyB}",
            "--CloudRisPacs:Bus:ChannelRefreshInterval=00:00:01",
            "--CloudRisPacs:Bus:StorageQueues:MaxPollInterval=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        baseUri = new Uri(LocalCloudHost.ListeningUri(app), "api/");
    }

    public void Dispose() => client.Dispose();

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_order_sent_over_the_bus_reaches_the_worklist_api_and_the_edge_queue()
    {
        await PublishAsync(a, Hl7Order("LHACC1"));

        var items = await WaitForWorklistAsync(EdgeKeyA, 1);
        Assert.Equal("LHACC1", (string?)items[0]!["accessionNumber"]);
        Assert.Equal("PAT1001", (string?)items[0]!["patientId"]);

        // The edge is told after the projection is written: the notification may land a moment after the API shows the item.
        var edge = azurite.QueueService.GetQueueClient(CloudResourceNames.EdgeQueue(a));
        var messages = (await edge.ReceiveMessagesAsync(32)).Value;
        for (var i = 0; i < 150 && messages.Length == 0; i++)
        {
            await Task.Delay(100);
            messages = (await edge.ReceiveMessagesAsync(32)).Value;
        }

        var message = Assert.Single(messages);
        Assert.Equal(BusMessageKinds.WorklistChanged, BusEnvelopeSerializer.Deserialize(message.MessageText).Message.Kind);
    }

    [Fact]
    public async Task Api_calls_need_a_key_and_a_tenants_key_never_returns_another_tenants_rows()
    {
        await PublishAsync(a, Hl7Order("LHACC2"));
        await WaitForWorklistAsync(EdgeKeyA, 1);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("edge/worklist", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("edge/worklist", "not-a-registered-key-at-all")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("exceptions", EdgeKeyA)).StatusCode);

        var worklistB = await JsonAsync(await GetAsync("edge/worklist", StaffKeyB));
        Assert.Equal(0, (int)worklistB["count"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("orders/LHACC2", StaffKeyB)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("orders/LHACC2", StaffKeyA)).StatusCode);
        Assert.Empty((await JsonAsync(await GetAsync("trace?accession=LHACC2", StaffKeyB)))["messages"]!.AsArray());
        Assert.NotEmpty((await JsonAsync(await GetAsync("trace?accession=LHACC2", StaffKeyA)))["messages"]!.AsArray());
    }

    [Theory]
    [InlineData("orders/{0}")]
    [InlineData("studies/{0}")]
    [InlineData("trace?messageId={0}")]
    [InlineData("trace?accession={0}")]
    [InlineData("trace?patientId={0}")]
    public async Task An_identifier_too_long_to_be_stored_once_escaped_is_a_400_with_the_reason(string route)
    {
        // 400 '#' are 400 characters as given but 1,200 in a table key ('%23' each); 1,000 digits with the tenant exceed 1,024.
        foreach (var id in new[] { new string('#', 400), new string('1', 1000) })
        {
            var response = await GetAsync(string.Format(CultureInfo.InvariantCulture, route, Uri.EscapeDataString(id)), StaffKeyA);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("too long", (string?)(await JsonAsync(response))["error"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_identifier_at_the_stored_length_limit_is_simply_not_found()
    {
        var longest = Uri.EscapeDataString(new string('#', 320)); // 960 characters escaped

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"orders/{longest}", StaffKeyA)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"studies/{longest}", StaffKeyA)).StatusCode);
        Assert.Empty((await JsonAsync(await GetAsync($"trace?messageId={longest}", StaffKeyA)))["messages"]!.AsArray());
    }

    [Fact]
    public async Task A_report_is_accepted_over_http_and_sent_to_the_edge_as_hl7_outbound()
    {
        await PublishAsync(a, Hl7Order("LHACC3"));
        await WaitForWorklistAsync(EdgeKeyA, 1);

        var response = await PostAsync("reports", StaffKeyA, new { accessionNumber = "LHACC3", text = "No acute findings.", author = "DOC^ANNA", status = "F" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accepted = await JsonAsync(response);
        var bad = await PostAsync("reports", StaffKeyA, new { accessionNumber = "LHACC3", text = "x", author = "x", status = "Q" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("reports", StaffKeyA, "not json")).StatusCode);

        var edge = azurite.QueueService.GetQueueClient(CloudResourceNames.EdgeQueue(a));
        var kinds = (await edge.ReceiveMessagesAsync(32)).Value.Select(m => BusEnvelopeSerializer.Deserialize(m.MessageText).Message).ToList();
        var outbound = Assert.Single(kinds, m => m.Kind == BusMessageKinds.Hl7Outbound);
        Assert.Equal((string?)accepted["outboundId"], outbound.Properties[Hl7MessageProperties.OutboundId]);
    }

    [Fact]
    public async Task Exceptions_are_listed_and_resolved_over_http()
    {
        await PublishAsync(a, Hl7Order("LHACC4", orderStatus: "ZZ"));
        JsonArray exceptions = [];
        for (var i = 0; i < 100 && exceptions.Count == 0; i++)
        {
            exceptions = (await JsonAsync(await GetAsync("exceptions", StaffKeyA)))["exceptions"]!.AsArray();
            await Task.Delay(100);
        }

        var id = (string)Assert.Single(exceptions)!["id"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync($"exceptions/{Uri.EscapeDataString(id)}/resolve", StaffKeyB, new { action = "resolve", note = "x" })).StatusCode);
        var resolved = await PostAsync($"exceptions/{Uri.EscapeDataString(id)}/resolve", StaffKeyA, new { action = "resolve", note = "RIS fixed the status table" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("Resolved", (string?)(await JsonAsync(resolved))["status"]);
        Assert.Empty((await JsonAsync(await GetAsync("exceptions", StaffKeyA)))["exceptions"]!.AsArray());
    }

    [Fact]
    public async Task A_tenant_disabled_in_the_registry_is_refused_with_its_valid_key()
    {
        var registry = app!.Services.GetRequiredService<TenantRegistry>();
        var record = await registry.FindAsync(b);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("edge/worklist", StaffKeyB)).StatusCode);

        await registry.RegisterAsync(record! with { Enabled = false });

        var refused = await GetAsync("edge/worklist", StaffKeyB);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains($"Tenant '{b.Value}' is disabled", (string?)(await JsonAsync(refused))["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("edge/worklist", StaffKeyA)).StatusCode);
    }

    private async Task PublishAsync(TenantId tenant, string er7)
    {
        var roundTrips = new StorageRoundTrips();
        var publisher = new StorageQueueBusPublisher(azurite.QueueService, new BusClaimCheck(new AzureBlobStore(azurite.BlobService, roundTrips)), roundTrips,
            new StorageQueueBusOptions { ConnectionString = azurite.ConnectionString });
        await publisher.PublishAsync(BusChannel.Ingress(tenant), new BusMessage
        {
            MessageId = BusMessage.NewId(),
            Kind = BusMessageKinds.Hl7Received,
            SessionKey = BusSessionKey.For(tenant, "PAT1001"),
            ClaimedTenant = tenant.Value,
            ContentType = Hl7MessageProperties.Er7ContentType,
            Body = Encoding.UTF8.GetBytes(er7),
        });
    }

    private async Task<JsonArray> WaitForWorklistAsync(string key, int count)
    {
        for (var i = 0; i < 150; i++)
        {
            var items = (await JsonAsync(await GetAsync("edge/worklist", key)))["items"]!.AsArray();
            if (items.Count >= count)
            {
                return items;
            }

            await Task.Delay(100);
        }

        var exceptions = await (await GetAsync("exceptions?status=all", StaffKeyA)).Content.ReadAsStringAsync();
        throw new Xunit.Sdk.XunitException($"The order did not reach the worklist within 15 s. Exceptions: {exceptions}");
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, path));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, path))
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client.SendAsync(request);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new Xunit.Sdk.XunitException("empty response");

    private static string Hl7Order(string accession, string orderStatus = "SC") =>
        "MSH|^~\\&|RIS|GENERAL HOSPITAL|CLOUDRISPACS|CLOUD|20240315083000||ORM^O01|MSG" + accession + "|P|2.3.1\r" +
        "PID|1||PAT1001^^^HOSP^MR||MUSTERMANN^MAX||19700101|M\r" +
        "PV1|1|O|RAD||||D1234^REFERRER^RITA\r" +
        $"ORC|NW|PLC{accession}^RIS|FIL{accession}^RIS||{orderStatus}||^^^20240315090000^^R||20240315083000\r" +
        $"OBR|1|PLC{accession}^RIS|FIL{accession}^RIS|CTCHEST^CT Chest^L||||||||||||D1234^REFERRER||{accession}|RP1|SPS1||||CT\r";
}
