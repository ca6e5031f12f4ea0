using System.Text;
using Azure.Data.Tables;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.TestSupport.Tests;

/// <summary>Proves the test command's Azurite serves Table, Blob and Queue for the SDK versions we use.</summary>
public sealed class AzuriteWiringTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Table_entity_round_trips_with_typed_properties()
    {
        var table = await azurite.CreateTableAsync("wiring");
        var written = new TableEntity("tenant-a", "patient-1")
        {
            ["Name"] = "DOE^JANE",
            ["Version"] = 7L,
            ["BirthDate"] = new DateTimeOffset(1980, 2, 29, 0, 0, 0, TimeSpan.Zero),
        };

        await table.AddEntityAsync(written);
        var read = (await table.GetEntityAsync<TableEntity>("tenant-a", "patient-1")).Value;

        Assert.Equal("DOE^JANE", read.GetString("Name"));
        Assert.Equal(7L, read.GetInt64("Version"));
        Assert.Equal(new DateTimeOffset(1980, 2, 29, 0, 0, 0, TimeSpan.Zero), read.GetDateTimeOffset("BirthDate"));
        Assert.NotEqual(default, read.ETag);
    }

    [Fact]
    public async Task Blob_upload_then_download_returns_the_same_bytes_and_supports_ranged_reads()
    {
        var container = await azurite.CreateContainerAsync("wiring");
        var content = new byte[300_000];
        new Random(42).NextBytes(content);
        var blob = container.GetBlobClient("1.2.3/4.5.6/7.8.9.dcm");

        await blob.UploadAsync(new BinaryData(content));
        var whole = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        var range = (await blob.DownloadStreamingAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions
        {
            Range = new Azure.HttpRange(1000, 132),
        })).Value;
        using var ranged = new MemoryStream();
        await range.Content.CopyToAsync(ranged);

        Assert.Equal(content, whole);
        Assert.Equal(content.AsSpan(1000, 132).ToArray(), ranged.ToArray());
    }

    [Fact]
    public async Task Queue_message_sent_is_received_once_and_can_be_deleted()
    {
        var queue = await azurite.CreateQueueAsync("wiring");
        var body = "MSH|^~\\&|RIS|CLINIC|PACS|CLOUD|20261127120000||ORM^O01|MSG0001|P|2.5.1";

        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(body)));
        var received = (await queue.ReceiveMessagesAsync(maxMessages: 10, visibilityTimeout: TimeSpan.FromSeconds(30))).Value;
        Assert.Single(received);
        Assert.Equal(body, Encoding.UTF8.GetString(Convert.FromBase64String(received[0].MessageText)));

        await queue.DeleteMessageAsync(received[0].MessageId, received[0].PopReceipt);
        var properties = (await queue.GetPropertiesAsync()).Value;
        Assert.Equal(0, properties.ApproximateMessagesCount);
    }

    [Fact]
    public void Unique_names_are_valid_for_each_service_and_never_repeat()
    {
        var names = Enumerable.Range(0, 200).Select(_ => UniqueName.Container("Wiring_Test")).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Matches("^[a-z][a-z0-9-]{2,62}$", name));
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,62}$", UniqueName.Table("9-lives"));
    }
}
