using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Interop;

/// <summary>
/// Storage SOP classes the standard added after 2022 (PS3.6 annex A): a storage SCP that serves the registered classes
/// only (<see cref="DicomStorageOptions.AcceptUnknownSopClasses"/> off, as a strict site would configure it) accepts
/// them from an independent SCU (dcmjs-dimse) and stores them. The instances are pydicom's CT test file relabelled
/// with each class by pydicom; a store never interprets the IOD, so the class is all that differs.
/// </summary>
public sealed class NewStorageSopClassTests(ITestOutputHelper output)
{
    private static readonly string[] Added =
    [
        "1.2.840.10008.5.1.4.1.1.6.3", // Photoacoustic Image Storage
        "1.2.840.10008.5.1.4.1.1.9.1.4", // General 32-bit ECG Waveform Storage
        "1.2.840.10008.5.1.4.1.1.11.12", // Variable Modality LUT Softcopy Presentation State Storage
        "1.2.840.10008.5.1.4.1.1.66.7", // Label Map Segmentation Storage
        "1.2.840.10008.5.1.4.1.1.66.8", // Height Map Segmentation Storage
        "1.2.840.10008.5.1.4.1.1.77.1.8", // Confocal Microscopy Image Storage
        "1.2.840.10008.5.1.4.1.1.77.1.9", // Confocal Microscopy Tiled Pyramidal Image Storage
        "1.2.840.10008.5.1.4.1.1.88.77", // Waveform Annotation SR Storage
        "1.2.840.10008.5.1.4.1.1.201.1", // Inventory Storage
        "1.2.840.10008.5.1.4.1.1.481.23", // Enhanced RT Image Storage
        "1.2.840.10008.5.1.4.1.1.481.24", // Enhanced Continuous RT Image Storage
        "1.2.840.10008.5.1.4.1.1.481.25", // RT Patient Position Acquisition Instruction Storage
        "1.2.840.10008.5.1.4.1.1.601.3", // Thermography Image Storage
        "1.2.840.10008.5.1.4.1.1.601.4", // Thermography Multi-frame Image Storage
    ];

    public static TheoryData<string> AddedStorageClasses => new(Added);

    private const string Relabel = """
        import sys, pydicom
        from pydicom.data import get_testdata_file
        from pydicom.uid import generate_uid
        path, sop_class = sys.argv[1], sys.argv[2]
        ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
        ds.remove_private_tags()
        ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = sop_class
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.save_as(path)
        """;

    [Theory]
    [MemberData(nameof(AddedStorageClasses))]
    public void The_class_is_registered_as_storage(string sopClassUid)
    {
        Assert.True(StorageSopClasses.IsStorage(sopClassUid));
        Assert.Contains(sopClassUid, StorageSopClasses.Registered);
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.201.2")] // Inventory - FIND
    [InlineData("1.2.840.10008.5.1.4.1.1.201.5")] // Inventory Creation
    [InlineData("1.2.840.10008.5.1.4.1.1.201.1.1")] // Storage Management SOP Instance: a well-known instance, not a class
    public void The_inventory_services_around_it_are_not_storage(string uid) => Assert.False(StorageSopClasses.IsStorage(uid));

    [Fact]
    public async Task An_independent_scu_stores_every_added_class_into_a_scp_that_serves_registered_classes_only()
    {
        using var temp = new TempDirectory();
        var python = await PeerTools.RequirePythonModulesAsync("pydicom");
        var files = new List<(string SopClassUid, string Path)>();
        foreach (var sopClassUid in Added)
        {
            var file = Path.Combine(temp.Path, $"{sopClassUid}.dcm");
            var made = await ProcessRunner.RunAsync(python, ["-c", Relabel, file, sopClassUid], TimeSpan.FromSeconds(60));
            Assert.True(made.ExitCode == 0, made.StandardError);
            files.Add((sopClassUid, file));
        }

        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        var log = new TestLog(output);
        var registeredOnly = new DicomStorageOptions { AcceptUnknownSopClasses = false };
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(stored.Handler, registeredOnly), log);

        var result = await DcmjsDimsePeer.SendAsync(
            new DimseSendPlan("127.0.0.1", server.LocalEndPoint.Port, "MODALITY1", server.AeTitle, [.. files.Select(f => new DimseRequest("C-STORE") { File = f.Path })]),
            TimeSpan.FromSeconds(120));

        // dcmjs proposes uncompressed instances in implicit VR first, so they are stored in it: the pixel data bytes are the same.
        // A rejected context shows as a missing response: dcmjs sends nothing for a class the SCP refused.
        Assert.True(result.Associated && result.Responses.Count == files.Count, result.ToString());
        foreach (var (sopClassUid, path) in files)
        {
            var sent = DicomFileReader.Read(path);
            var sopInstanceUid = sent.Dataset.GetString(DicomTag.SOPInstanceUID)!;
            var copy = DicomFileReader.Read(Assert.Single(stored.PathsOf(sopInstanceUid)));
            Assert.Equal(sopClassUid, copy.Dataset.GetString(DicomTag.SOPClassUID));
            Assert.Equal(sopClassUid, copy.FileMetaInformation.GetString(DicomTag.MediaStorageSOPClassUID));
            Assert.Equal(sent.Dataset.GetString(DicomTag.PatientID), copy.Dataset.GetString(DicomTag.PatientID));
            Assert.True(sent.Dataset.GetBytes(DicomTag.PixelData)!.Value.Span.SequenceEqual(copy.Dataset.GetBytes(DicomTag.PixelData)!.Value.Span), sopClassUid);
        }

        Assert.All(Enumerable.Range(0, files.Count), index => Assert.Equal(0, result.Status(index)));
    }
}
