using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Interop;

/// <summary>
/// Transfer syntaxes the standard added after 2022 (High-Throughput JPEG 2000, JPEG XL, Deflated Image Frame
/// Compression), sent by an independent SCU that knows them (dcmjs-dimse; DCMTK 3.6.7's storescu cannot send them):
/// our storage SCP accepts them and stores the compressed frames as received. The files are pydicom's JPEG 2000 test file under the new
/// syntax's UID, written by pydicom, private elements left out (an HTJ2K decoder reads a JPEG 2000 codestream; a store never decodes anyway).
/// </summary>
public sealed class NewTransferSyntaxTests(ITestOutputHelper output)
{
    // Private elements are left out: dcmjs drops them when it encodes a data set (it has no dictionary for them).
    private const string Relabel = """
        import sys, pydicom
        from pydicom.data import get_testdata_file
        from pydicom.filebase import DicomBytesIO
        from pydicom.filewriter import write_dataset, write_file_meta_info
        ds = pydicom.dcmread(get_testdata_file("JPEG2000.dcm"))
        ds.remove_private_tags()
        ds.file_meta.TransferSyntaxUID = sys.argv[2]
        out = DicomBytesIO(); out.is_little_endian = True; out.is_implicit_VR = False
        write_file_meta_info(out, ds.file_meta, enforce_standard=True)
        write_dataset(out, ds)
        open(sys.argv[1], "wb").write(b"\0" * 128 + b"DICM" + out.getvalue())
        """;

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.201")]
    [InlineData("1.2.840.10008.1.2.4.203")]
    [InlineData("1.2.840.10008.1.2.4.110")]
    [InlineData("1.2.840.10008.1.2.4.112")]
    public async Task An_instance_in_a_newer_syntax_is_accepted_and_stored_as_received(string transferSyntaxUid)
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, "instance.dcm");
        var python = await PeerTools.RequirePythonModulesAsync("pydicom");
        var made = await ProcessRunner.RunAsync(python, ["-c", Relabel, file, transferSyntaxUid], TimeSpan.FromSeconds(60));
        Assert.True(made.ExitCode == 0, made.StandardError);
        var sent = DicomFileReader.Read(file);
        var sopInstanceUid = sent.Dataset.GetString(DicomTag.SOPInstanceUID)!;
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        var log = new TestLog(output);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(stored.Handler), log);

        var result = await DcmjsDimsePeer.SendAsync(
            new DimseSendPlan("127.0.0.1", server.LocalEndPoint.Port, "MODALITY1", server.AeTitle, [new DimseRequest("C-STORE") { File = file }]),
            TimeSpan.FromSeconds(60));

        Assert.True(result.Associated && result.Responses.Count == 1, result.ToString()); // no response: the context was rejected
        Assert.Equal(0, result.Status(0));
        // dcmjs re-encodes the rest of the data set as it sends (DS values, for one, come out reformatted), so what is
        // compared is what it passes through untouched: the compressed frames and the instance's identity.
        var copy = DicomFileReader.Read(Assert.Single(stored.PathsOf(sopInstanceUid, transferSyntaxUid)));
        Assert.Equal(transferSyntaxUid, copy.TransferSyntax.Uid.Value);
        Assert.Equal(sopInstanceUid, copy.Dataset.GetString(DicomTag.SOPInstanceUID));
        Assert.Equal(sent.Dataset.GetString(DicomTag.SOPClassUID), copy.Dataset.GetString(DicomTag.SOPClassUID));
        var sentFrames = sent.Dataset.GetFragments(DicomTag.PixelData)!;
        var storedFrames = copy.Dataset.GetFragments(DicomTag.PixelData)!;
        Assert.Equal(sentFrames.Fragments.Count, storedFrames.Fragments.Count);
        Assert.All(sentFrames.Fragments.Zip(storedFrames.Fragments), pair => Assert.True(pair.First.Span.SequenceEqual(pair.Second.Span)));
        Assert.True(log.Contains($"accepted with {transferSyntaxUid}"), string.Join("\n", log.Lines));
    }
}
