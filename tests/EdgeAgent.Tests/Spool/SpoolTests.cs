using System.Security.Cryptography;
using Azure.Storage.Blobs;
using CloudRisPacs.Azure.Blobs;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Dicom;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Diagnostics;
using CloudRisPacs.Edge.Forwarding;
using CloudRisPacs.Edge.Spool;
using CloudRisPacs.EdgeAgent.Tests.Support;
using CloudRisPacs.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.EdgeAgent.Tests.Spool;

/// <summary>The DICOM spool with pydicom's sample files, uploaded to Azurite and read back by DCMTK's dcmdump.</summary>
public sealed class SpoolTests
{
    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small_bigendian.dcm")]
    [InlineData("JPEG2000.dcm")]
    public async Task A_spooled_instance_is_uploaded_to_its_study_series_instance_path_and_announced(string sample)
    {
        await using var fixture = new SpoolFixture();
        var source = DicomFileReader.Read(Path.Combine(PeerTools.PydicomTestFiles, sample));
        var sop = source.Dataset.GetString(DicomTag.SOPInstanceUID)!;
        var sopClass = source.Dataset.GetString(DicomTag.SOPClassUID)!;
        using var network = new MemoryStream(DicomDatasetWriter.Encode(source.Dataset, source.TransferSyntax));

        var result = await fixture.Spool.StoreAsync(network, source.TransferSyntax, sopClass, sop, "MODALITY1", "CLOUDRISPACS");

        Assert.True(result.IsSuccess, result.Reason);
        var spooled = await File.ReadAllBytesAsync(fixture.Spool.PathOf(result.SpoolId!));
        Assert.Equal(TimeSpan.Zero, await fixture.Uploader.RunPassAsync(CancellationToken.None));

        var study = source.Dataset.GetString(DicomTag.StudyInstanceUID)!;
        var series = source.Dataset.GetString(DicomTag.SeriesInstanceUID)!;
        var blobPath = $"{study}/{series}/{sop}.dcm";
        var container = new BlobServiceClient(AzuriteEnvironment.ConnectionString).GetBlobContainerClient(fixture.Site.DicomContainer);
        var downloaded = (await container.GetBlobClient(blobPath).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(spooled, downloaded);
        Assert.False(File.Exists(fixture.Spool.PathOf(result.SpoolId!)), "The uploaded file is removed from the spool.");

        var dumpFile = Path.Combine(fixture.Temp.Folder, "downloaded.dcm");
        await File.WriteAllBytesAsync(dumpFile, downloaded);
        var dump = (await ProcessRunner.RunAsync(PeerTools.Require("dcmdump"), [dumpFile], TimeSpan.FromSeconds(30))).EnsureSuccess("dcmdump");
        Assert.Contains($"[{sop}]", dump.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("E: ", dump.StandardError, StringComparison.Ordinal);

        var announced = Assert.Single(await fixture.Temp.Outbox.ReadPendingAsync(10));
        Assert.Equal(BusMessageKinds.DicomInstanceStored, announced.Message.Kind);
        var stored = BusContractJson.Deserialize<InstanceStoredEvent>(announced.Message);
        Assert.Equal((blobPath, study, series, sop, sopClass), (stored.BlobPath, stored.StudyInstanceUid, stored.SeriesInstanceUid, stored.SopInstanceUid, stored.SopClassUid));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(downloaded)), stored.Sha256);
        Assert.Equal(downloaded.LongLength, stored.SizeBytes);
        Assert.Equal(source.TransferSyntax.Uid.Value, stored.TransferSyntaxUid);
        Assert.Equal("MODALITY1", stored.CallingAeTitle);
        Assert.InRange(stored.HeaderLengthBytes!.Value, 132, downloaded.Length - 1);
        var patient = source.Dataset.GetString(DicomTag.PatientID);
        Assert.Equal(fixture.Site.SessionFor(patient), announced.Message.SessionKey);
    }

    [Fact]
    public async Task On_a_thread_of_its_own_a_store_is_finished_with_its_row_before_it_returns()
    {
        // An association's transport thread (a modality that waits for each answer) answers without a hand-off: the
        // store, file and index row, is done on that thread; awaiting the row would resume on a pool thread instead.
        await using var fixture = new SpoolFixture();
        var source = DicomFileReader.Read(Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm"));
        var sop = source.Dataset.GetString(DicomTag.SOPInstanceUID)!;
        using var network = new MemoryStream(DicomDatasetWriter.Encode(source.Dataset, source.TransferSyntax));
        Task<SpoolResult>? store = null;
        var completedOnReturn = false;
        var thread = new Thread(() =>
        {
            store = fixture.Spool.StoreAsync(network, source.TransferSyntax, source.Dataset.GetString(DicomTag.SOPClassUID)!, sop, "MODALITY1", "CLOUDRISPACS");
            completedOnReturn = store.IsCompleted;
        });

        thread.Start();
        thread.Join();

        var result = await store!;
        Assert.True(result.IsSuccess, result.Reason);
        Assert.True(completedOnReturn, "the store returned before its index row was in");
        Assert.Equal(sop, Assert.Single(await fixture.Temp.Spool.ReadPendingAsync(10)).SopInstanceUid);
    }

    [Fact]
    public async Task A_broken_data_set_is_refused_with_a_failure_status_and_leaves_nothing_behind()
    {
        await using var fixture = new SpoolFixture();
        var source = DicomFileReader.Read(Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm"));
        var bytes = DicomDatasetWriter.Encode(source.Dataset, source.TransferSyntax);
        using var truncated = new MemoryStream(bytes[..(bytes.Length / 2)]);

        var result = await fixture.Spool.StoreAsync(truncated, source.TransferSyntax, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4", "M", "C");

        Assert.Equal(SpoolResult.CannotUnderstand, result.Status);
        Assert.Empty(Directory.EnumerateFiles(fixture.Spool.Folder));
        Assert.Empty(await fixture.Temp.Spool.ReadPendingAsync(10));
    }

    [Fact]
    public async Task An_instance_without_study_or_series_uid_cannot_be_filed_and_is_refused()
    {
        await using var fixture = new SpoolFixture();
        var source = DicomFileReader.Read(Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm"));
        source.Dataset.Remove(DicomTag.SeriesInstanceUID);
        using var network = new MemoryStream(DicomDatasetWriter.Encode(source.Dataset, source.TransferSyntax));

        var result = await fixture.Spool.StoreAsync(network, source.TransferSyntax, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4", "M", "C");

        Assert.Equal(SpoolResult.DataSetDoesNotMatch, result.Status);
        Assert.Contains("Series Instance UID", result.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(fixture.Spool.Folder));
    }

    [Theory]
    [InlineData("other instance", "1.2.840.10008.5.1.4.1.1.2", "SOP Instance UID")]
    [InlineData("other class", "1.2.840.10008.5.1.4.1.1.4", "SOP Class UID")]
    [InlineData("no instance uid", "1.2.840.10008.5.1.4.1.1.2", "(0008,0018)")]
    [InlineData("unreadable instance uid", "1.2.840.10008.5.1.4.1.1.2", "unreadably")]
    public async Task A_data_set_that_is_not_the_announced_instance_is_refused_with_A900(string change, string sopClass, string reason)
    {
        await using var fixture = new SpoolFixture();
        var source = DicomFileReader.Read(Path.Combine(PeerTools.PydicomTestFiles, "CT_small.dcm"));
        var sop = source.Dataset.GetString(DicomTag.SOPInstanceUID)!;
        switch (change)
        {
            case "other instance":
                source.Dataset.SetString(DicomTag.SOPInstanceUID, "1.2.3.4.5");
                break;
            case "no instance uid":
                source.Dataset.Remove(DicomTag.SOPInstanceUID);
                break;
            case "unreadable instance uid":
                source.Dataset.Set(new DicomElement(DicomTag.SOPInstanceUID, DicomVR.OB, "1.2.3.4.5\0"u8.ToArray()));
                break;
        }

        using var network = new MemoryStream(DicomDatasetWriter.Encode(source.Dataset, source.TransferSyntax));

        var result = await fixture.Spool.StoreAsync(network, source.TransferSyntax, sopClass, sop, "M", "C");

        Assert.Equal(SpoolResult.DataSetDoesNotMatch, result.Status);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(fixture.Spool.Folder));
        Assert.Empty(await fixture.Temp.Spool.ReadPendingAsync(10));
    }

    [Fact]
    public async Task Too_little_free_disk_space_refuses_the_store_with_out_of_resources()
    {
        await using var fixture = new SpoolFixture(new SpoolOptions { MinFreeDiskBytes = long.MaxValue });
        using var network = new MemoryStream([0x08, 0x00]);
        var result = await fixture.Spool.StoreAsync(network, DicomTransferSyntax.ExplicitVRLittleEndian, "1.2", "1.2.3", "M", "C");
        Assert.Equal(SpoolResult.OutOfResources, result.Status);
    }

    [Fact]
    public async Task Recovery_removes_partial_and_uploaded_files_and_keeps_pending_ones()
    {
        await using var fixture = new SpoolFixture();
        var pending = await fixture.StoreSampleAsync("CT_small.dcm");
        var uploaded = await fixture.StoreSampleAsync("MR_small.dcm");
        Assert.Equal(TimeSpan.Zero, await fixture.Uploader.RunPassAsync(CancellationToken.None));
        var leftover = fixture.Spool.PathOf(uploaded.SpoolId!);
        await File.WriteAllBytesAsync(leftover, [1, 2, 3]);  // a crash between marking uploaded and deleting the file
        var partial = fixture.Spool.PathOf("interrupted.dcm.partial");
        await File.WriteAllBytesAsync(partial, [1, 2, 3]);
        var pendingAgain = await fixture.StoreSampleAsync("CT_small.dcm");
        fixture.AgeFiles();

        var recovered = await fixture.RestartedSpool().RecoverAsync();

        Assert.Equal((2, 0, 0), (recovered.Removed, recovered.Adopted, recovered.Quarantined));
        Assert.False(File.Exists(partial));
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(fixture.Spool.PathOf(pendingAgain.SpoolId!)));
        Assert.False(File.Exists(fixture.Spool.PathOf(pending.SpoolId!)), "the first CT was uploaded by the pass");
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small_bigendian.dcm")]
    [InlineData("JPEG2000.dcm")]
    public async Task A_spooled_file_whose_index_row_a_power_loss_took_is_indexed_again_from_the_file_and_uploaded(string sample)
    {
        await using var fixture = new SpoolFixture();
        var stored = await fixture.StoreSampleAsync(sample);
        var before = Assert.Single(await fixture.Temp.Spool.ReadPendingAsync(10));
        await fixture.DeleteIndexRowAsync(stored.SpoolId!);
        fixture.AgeFiles();
        Assert.Empty(await fixture.Temp.Spool.ReadPendingAsync(10));

        var recovered = await fixture.RestartedSpool().RecoverAsync();

        Assert.Equal((0, 1, 0), (recovered.Removed, recovered.Adopted, recovered.Quarantined));
        var after = Assert.Single(await fixture.Temp.Spool.ReadPendingAsync(10));
        Assert.Equal(
            (before.FileName, before.SopInstanceUid, before.SopClassUid, before.StudyInstanceUid, before.SeriesInstanceUid, before.TransferSyntaxUid, before.PatientId, before.SizeBytes, before.CallingAeTitle, before.CalledAeTitle),
            (after.FileName, after.SopInstanceUid, after.SopClassUid, after.StudyInstanceUid, after.SeriesInstanceUid, after.TransferSyntaxUid, after.PatientId, after.SizeBytes, after.CallingAeTitle, after.CalledAeTitle));
        Assert.Equal(TimeSpan.Zero, await fixture.Uploader.RunPassAsync(CancellationToken.None));
        var container = new BlobServiceClient(AzuriteEnvironment.ConnectionString).GetBlobContainerClient(fixture.Site.DicomContainer);
        Assert.True((await container.GetBlobClient(after.BlobPath).ExistsAsync()).Value);
        Assert.Single(await fixture.Temp.Outbox.ReadPendingAsync(10));
    }

    [Fact]
    public async Task An_instance_sealed_just_before_a_power_loss_but_not_yet_named_is_named_indexed_and_uploaded_at_the_next_start()
    {
        await using var fixture = new SpoolFixture();
        var stored = await fixture.StoreSampleAsync("CT_small.dcm");
        var torn = await fixture.StoreSampleAsync("MR_small.dcm");
        await fixture.DeleteIndexRowAsync(stored.SpoolId!);
        await fixture.DeleteIndexRowAsync(torn.SpoolId!);
        var sealedSlot = Path.Combine(fixture.Spool.Folder, ".slots", "sealed.slot");
        var tornSlot = Path.Combine(fixture.Spool.Folder, ".slots", "torn.slot");
        File.Move(fixture.Spool.PathOf(stored.SpoolId!), sealedSlot);
        var tornBytes = await File.ReadAllBytesAsync(fixture.Spool.PathOf(torn.SpoolId!));
        await File.WriteAllBytesAsync(tornSlot, tornBytes[..(tornBytes.Length - 100)]);
        File.Delete(fixture.Spool.PathOf(torn.SpoolId!));
        File.SetLastWriteTimeUtc(sealedSlot, DateTime.UtcNow.AddMinutes(-5));

        var recovered = await fixture.RestartedSpool().RecoverAsync();

        Assert.Equal((1, 1, 0), (recovered.Removed, recovered.Adopted, recovered.Quarantined));
        var adopted = Assert.Single(await fixture.Temp.Spool.ReadPendingAsync(10));
        Assert.Equal(stored.SpoolId, adopted.FileName);
        Assert.False(File.Exists(fixture.Spool.PathOf(torn.SpoolId!)));
        Assert.Equal(TimeSpan.Zero, await fixture.Uploader.RunPassAsync(CancellationToken.None));
        var container = new BlobServiceClient(AzuriteEnvironment.ConnectionString).GetBlobContainerClient(fixture.Site.DicomContainer);
        Assert.True((await container.GetBlobClient(adopted.BlobPath).ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_spooled_file_names_the_sending_and_receiving_ae_titles_for_dcmdump()
    {
        await using var fixture = new SpoolFixture();
        var stored = await fixture.StoreSampleAsync("CT_small.dcm");

        var dump = (await ProcessRunner.RunAsync(PeerTools.Require("dcmdump"), ["-M", fixture.Spool.PathOf(stored.SpoolId!)], TimeSpan.FromSeconds(30))).EnsureSuccess("dcmdump");

        Assert.Contains("(0002,0017) AE [MODALITY1]", dump.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(0002,0018) AE [CLOUDRISPACS]", dump.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_file_without_an_index_row_is_set_aside_not_deleted()
    {
        await using var fixture = new SpoolFixture();
        var garbage = fixture.Spool.PathOf("garbage.dcm");
        await File.WriteAllBytesAsync(garbage, [1, 2, 3, 4, 5]);
        fixture.AgeFiles();

        var recovered = await fixture.RestartedSpool().RecoverAsync();

        Assert.Equal((0, 0, 1), (recovered.Removed, recovered.Adopted, recovered.Quarantined));
        Assert.False(File.Exists(garbage));
        Assert.Equal([1, 2, 3, 4, 5], await File.ReadAllBytesAsync(Path.Combine(fixture.Spool.Folder, "unreadable", "garbage.dcm")));
        Assert.Empty(await fixture.Temp.Spool.ReadPendingAsync(10));
    }

    [Fact]
    public async Task Files_written_since_the_spool_started_belong_to_stores_in_progress_and_are_left_alone()
    {
        await using var fixture = new SpoolFixture();
        var spool = fixture.RestartedSpool();
        var inFlight = fixture.Spool.PathOf("in-flight.dcm.partial");
        await File.WriteAllBytesAsync(inFlight, [1, 2, 3]);
        var renamedNotIndexed = fixture.Spool.PathOf("renamed.dcm");
        await File.WriteAllBytesAsync(renamedNotIndexed, [1, 2, 3]);

        var recovered = await spool.RecoverAsync();

        Assert.Equal((0, 0, 0), (recovered.Removed, recovered.Adopted, recovered.Quarantined));
        Assert.True(File.Exists(inFlight));
        Assert.True(File.Exists(renamedNotIndexed));
    }

    [Fact]
    public async Task A_spool_file_that_cannot_be_read_is_that_instances_failure_and_parks_while_the_others_upload()
    {
        var retry = new ForwarderOptions { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(1) };
        await using var fixture = new SpoolFixture(new SpoolOptions { MinFreeDiskBytes = 0, MaxAttempts = 3, UploadParallelism = 2 }, retry);
        var unreadable = await fixture.StoreSampleAsync("CT_small.dcm");
        var good = new[] { await fixture.StoreSampleAsync("MR_small.dcm"), await fixture.StoreSampleAsync("JPEG2000.dcm") };
        var unreadableSop = (await fixture.Temp.Spool.ReadPendingAsync(10)).Single(e => e.FileName == unreadable.SpoolId).SopInstanceUid;
        // A directory where the oldest file was: opening it fails as a permission or disk error on that one file would.
        File.Delete(fixture.Spool.PathOf(unreadable.SpoolId!));
        Directory.CreateDirectory(fixture.Spool.PathOf(unreadable.SpoolId!));

        var delays = new List<TimeSpan>();
        for (var pass = 0; pass < 3; pass++)
        {
            await Task.Delay(10);  // past the entry's retry delay
            delays.Add(await fixture.Uploader.RunPassAsync(CancellationToken.None));
        }

        Assert.All(delays, delay => Assert.Equal(TimeSpan.Zero, delay));
        Assert.Null(fixture.Cloud.CurrentFailure);
        Assert.All(good, stored => Assert.False(File.Exists(fixture.Spool.PathOf(stored.SpoolId!)), "the readable instances were uploaded"));
        Assert.Empty(await fixture.Temp.Spool.ReadPendingAsync(10));
        var parked = Assert.Single(await fixture.Temp.Spool.ListParkedAsync(10));
        Assert.Equal((unreadableSop, 3), (parked.Id, parked.Attempts));
        Assert.StartsWith("The spool file cannot be read: ", parked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_sent_again_is_uploaded_after_the_older_one_so_the_newer_wins()
    {
        await using var fixture = new SpoolFixture(new SpoolOptions { MinFreeDiskBytes = 0, UploadParallelism = 4 });
        var older = await fixture.StoreSampleAsync("CT_small.dcm");
        var corrected = await fixture.StoreSampleAsync("CT_small.dcm", dataset => dataset.SetString(DicomTag.PatientName, "CORRECTED^NAME"));
        var pending = await fixture.Temp.Spool.ReadPendingAsync(10);
        Assert.Equal(2, pending.Count);

        await fixture.Uploader.RunPassAsync(CancellationToken.None);

        // One copy per pass and instance, in arrival order: the corrected one waits for the older one.
        Assert.False(File.Exists(fixture.Spool.PathOf(older.SpoolId!)), "the older copy went first");
        Assert.True(File.Exists(fixture.Spool.PathOf(corrected.SpoolId!)), "the corrected copy waited its turn");
        await fixture.Uploader.RunPassAsync(CancellationToken.None);
        Assert.Empty(await fixture.Temp.Spool.ReadPendingAsync(10));
        var entry = pending[0];
        await using var blob = await fixture.Blobs.DownloadAsync(fixture.Site.DicomContainer, $"{entry.StudyInstanceUid}/{entry.SeriesInstanceUid}/{entry.SopInstanceUid}.dcm");
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy);
        Assert.Equal("CORRECTED^NAME", DicomFileReader.Read(copy.ToArray()).Dataset.GetString(DicomTag.PatientName));
    }

    private sealed class SpoolFixture : IAsyncDisposable
    {
        public SpoolFixture(SpoolOptions? options = null, ForwarderOptions? retry = null)
        {
            var tenant = TenantId.Parse($"spool{Guid.NewGuid().ToString("N")[..10]}");
            Site = new EdgeSite(tenant, "test", BusChannel.Ingress(tenant), BusChannel.Edge(tenant), CloudResourceNames.DicomContainer(tenant));
            var spoolOptions = options ?? new SpoolOptions { MinFreeDiskBytes = 0 };
            Options = spoolOptions;
            Spool = new DicomSpool(Temp.Spool, spoolOptions, Path.Combine(Temp.Folder, "spool"), Counters, TimeProvider.System, NullLogger<DicomSpool>.Instance);
            Blobs = new AzureBlobStore(new BlobServiceClient(AzuriteEnvironment.ConnectionString), new StorageRoundTrips());
            Uploader = new SpoolUploader(Temp.Spool, Spool, Blobs, Site, spoolOptions, retry ?? new ForwarderOptions(), new EdgeMessages(Site, TimeProvider.System),
                Cloud, Counters, TimeProvider.System, NullLogger<SpoolUploader>.Instance, ensureContainer: true);
        }

        public TempDatabase Temp { get; } = new();

        public EdgeSite Site { get; }

        public EdgeCounters Counters { get; } = new();

        public CloudContact Cloud { get; } = new(TimeProvider.System);

        public DicomSpool Spool { get; }

        public AzureBlobStore Blobs { get; }

        public SpoolUploader Uploader { get; }

        private SpoolOptions Options { get; }

        public async Task<SpoolResult> StoreSampleAsync(string sample, Action<DicomDataset>? change = null)
        {
            var source = DicomFileReader.Read(Path.Combine(PeerTools.PydicomTestFiles, sample));
            change?.Invoke(source.Dataset);
            using var network = new MemoryStream(DicomDatasetWriter.Encode(source.Dataset, source.TransferSyntax));
            var result = await Spool.StoreAsync(network, source.TransferSyntax, source.Dataset.GetString(DicomTag.SOPClassUID)!,
                source.Dataset.GetString(DicomTag.SOPInstanceUID)!, "MODALITY1", "CLOUDRISPACS");
            Assert.True(result.IsSuccess, result.Reason);
            return result;
        }

        /// <summary>What a power loss can do to a row committed without an fsync of its own.</summary>
        public async Task DeleteIndexRowAsync(string fileName)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Temp.Database.Path};Pooling=False");
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM spool WHERE file_name = $file";
            delete.Parameters.AddWithValue("$file", fileName);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        /// <summary>Makes every spool file look written before the restart.</summary>
        public void AgeFiles()
        {
            foreach (var file in Directory.EnumerateFiles(Spool.Folder))
            {
                File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-5));
            }
        }

        /// <summary>The spool as a restarted agent creates it, on the same folder and database.</summary>
        public DicomSpool RestartedSpool() =>
            new(Temp.Spool, Options, Spool.Folder, Counters, TimeProvider.System, NullLogger<DicomSpool>.Instance);

        public async ValueTask DisposeAsync()
        {
            await new BlobServiceClient(AzuriteEnvironment.ConnectionString).GetBlobContainerClient(Site.DicomContainer).DeleteIfExistsAsync();
            Uploader.Dispose();
            Counters.Dispose();
            await Temp.DisposeAsync();
        }
    }
}
