using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Storage;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>The storage SCP: data sets stored byte for byte as received, private SOP classes when allowed, failures cleaned up.</summary>
public sealed class StorageScpTests(ITestOutputHelper output) : IDisposable
{
    private const string PrivateSopClass = "1.2.826.0.1.3680043.8.498.99.1";
    private readonly TestLog log = new(output);
    private readonly TempDirectory temp = new("store");

    [Fact]
    public async Task The_stored_file_holds_the_data_set_bytes_exactly_as_sent()
    {
        var handler = new DicomFileStoreHandler(new DicomFileStoreOptions { Directory = temp.Path });
        DicomStoredInstance? stored = null;
        handler.Stored += (_, instance) => stored = instance;
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(handler), log);
        var dataset = new DicomDataset()
            .SetString(DicomTag.SOPClassUID, DicomUid.CTImageStorage.Value)
            .SetString(DicomTag.SOPInstanceUID, "1.2.3.4.5")
            .SetString(DicomTag.PatientID, "EXACT")
            .SetBytes(DicomTag.PixelData, DicomVR.OW, Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray());
        var bytes = DicomDatasetWriter.Encode(dataset, DicomTransferSyntax.ImplicitVRLittleEndian);

        await using (var association = await TestServer.ClientFor(server, log, "MODALITY1").ConnectAsync([new DicomPresentationContextProposal(DicomUid.CTImageStorage.Value, DicomTransferSyntax.ImplicitVRLittleEndian)]))
        {
            Assert.Equal(DicomStatus.Success, await association.StoreAsync(new MemoryStream(bytes), DicomUid.CTImageStorage.Value, "1.2.3.4.5", DicomTransferSyntax.ImplicitVRLittleEndian));
        }

        var file = await File.ReadAllBytesAsync(temp.Combine("1.2.3.4.5.dcm"));
        Assert.Equal(bytes, file[^bytes.Length..]);
        var read = DicomFileReader.Read(temp.Combine("1.2.3.4.5.dcm"));
        Assert.Equal("MODALITY1", read.FileMetaInformation.GetString(DicomTag.SourceApplicationEntityTitle));
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, read.TransferSyntax);
        Assert.Equal("EXACT", stored!.Header.GetString(DicomTag.PatientID));
        Assert.False(stored.Header.Contains(DicomTag.PixelData));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.part"));
    }

    [Fact]
    public async Task Private_sop_classes_are_accepted_only_when_configured()
    {
        var handler = new DicomFileStoreHandler(new DicomFileStoreOptions { Directory = temp.Path });
        await using var strict = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(handler), log);
        await using var open = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(handler, new DicomStorageOptions { AcceptUnknownSopClasses = true }), log);
        var proposal = new DicomPresentationContextProposal(PrivateSopClass, DicomTransferSyntax.ExplicitVRLittleEndian);

        await using (var rejected = await TestServer.ClientFor(strict, log).ConnectAsync([proposal, new DicomPresentationContextProposal(DicomUid.CTImageStorage.Value)]))
        {
            Assert.DoesNotContain(rejected.Info.PresentationContexts, c => c.AbstractSyntax == PrivateSopClass);
        }

        await using var accepted = await TestServer.ClientFor(open, log).ConnectAsync([proposal]);
        var data = DicomDatasetWriter.Encode(new DicomDataset().SetString(DicomTag.SOPClassUID, PrivateSopClass).SetString(DicomTag.SOPInstanceUID, "1.2.3.9"), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(DicomStatus.Success, await accepted.StoreAsync(new MemoryStream(data), PrivateSopClass, "1.2.3.9", DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.True(File.Exists(temp.Combine("1.2.3.9.dcm")));
    }

    [Fact]
    public async Task An_unreadable_data_set_is_refused_and_leaves_no_file()
    {
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(new DicomFileStoreHandler(new DicomFileStoreOptions { Directory = temp.Path })), log);
        await using var association = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.CTImageStorage.Value, DicomTransferSyntax.ExplicitVRLittleEndian)]);

        // An element claiming far more bytes than follow.
        var status = await association.StoreAsync(new MemoryStream([0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 0xFF, 0x7F, 0x41, 0x42]), DicomUid.CTImageStorage.Value, "1.2.3.6", DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(DicomStatus.CannotUnderstand, status);
        Assert.Empty(Directory.GetFiles(temp.Path));
        Assert.Equal(DicomStatus.Success, await association.StoreAsync(new MemoryStream(DicomDatasetWriter.Encode(new DicomDataset().SetString(DicomTag.PatientID, "NEXT"), DicomTransferSyntax.ExplicitVRLittleEndian)), DicomUid.CTImageStorage.Value, "1.2.3.7", DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    public void Dispose() => temp.Dispose();
}
