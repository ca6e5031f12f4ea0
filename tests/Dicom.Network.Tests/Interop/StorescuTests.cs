using System.Globalization;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Interop;

/// <summary>
/// DCMTK's storescu sends to our storage SCP: every pydicom test file that is a storage instance, and generated
/// 500-instance series uncompressed and RLE compressed. Every stored data set must equal its original.
/// </summary>
public sealed class StorescuTests(ITestOutputHelper output)
{
    /// <summary>pydicom files that are storage instances by their File Meta Information and that our reader reads.</summary>
    public static IReadOnlyList<(string Path, string SopInstanceUid, DicomTransferSyntax Syntax)> PydicomStorageInstances()
    {
        var found = new List<(string, string, DicomTransferSyntax)>();
        foreach (var path in Directory.EnumerateFiles(PeerTools.PydicomTestFiles, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            DicomFile file;
            try
            {
                // A valid instance reads completely (some pydicom files are deliberately truncated or broken).
                file = DicomFileReader.Read(path);
            }
            catch (DicomParseException)
            {
                continue;
            }

            // A storage instance has File Meta Information and, in the data set, SOP Class and SOP Instance UID (PS3.3 C.12.1: type 1).
            var sopClass = file.Dataset.GetString(DicomTag.SOPClassUID);
            var sopInstance = file.Dataset.GetString(DicomTag.SOPInstanceUID);
            if (file.Layout == DicomFileLayout.Part10 && sopClass is not null && StorageSopClasses.IsStorage(sopClass) && !string.IsNullOrEmpty(sopInstance) && file.TransferSyntax.Uid.IsRegistered)
            {
                found.Add((path, sopInstance, file.TransferSyntax));
            }
        }

        return found;
    }

    /// <summary>Files DCMTK itself cannot send: storescu skips them, which the test checks, so the list hides nothing of ours.</summary>
    private static readonly Dictionary<string, string> DcmtkCannotSend = new(StringComparer.Ordinal)
    {
        ["SC_rgb_jpeg.dcm"] = "implicit VR data under an explicit VR transfer syntax; DCMTK's parser gives up (premature end of stream)",
        ["rtdose_rle.dcm"] = "SOP Class and Instance UID encoded as UN; DCMTK does not resolve UN and reports them missing",
        ["rtdose_rle_1frame.dcm"] = "SOP Class and Instance UID encoded as UN; DCMTK does not resolve UN and reports them missing",
    };

    [Fact]
    public async Task Storescu_stores_every_pydicom_storage_instance_unchanged()
    {
        var all = PydicomStorageInstances();
        var candidates = all.Where(c => !DcmtkCannotSend.ContainsKey(Path.GetFileName(c.Path))).ToList();
        Assert.Equal(DcmtkCannotSend.Count, all.Count - candidates.Count);
        Assert.True(candidates.Count >= 100, $"only {candidates.Count} candidates found");
        using var temp = new TempDirectory();
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        var log = new TestLog(output);
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(stored.Handler), log);

        // storescu sends a file in its own transfer syntax only when it proposes it; one run per syntax, with the option that proposes it.
        var runs = new List<string>();
        foreach (var group in candidates.GroupBy(c => c.Syntax.Uid.Value))
        {
            var result = await StorescuAsync(server, ["-R", "-nh", ProposalOption(group.Key)], group.Select(c => c.Path));
            runs.Add($"{group.Key}: exit {result.ExitCode}\n{Errors(result)}");
        }

        // The excluded files: storescu skips them.
        var skipped = await StorescuAsync(server, ["-R", "-nh", "-xs"], all.Where(c => DcmtkCannotSend.ContainsKey(Path.GetFileName(c.Path))).Select(c => c.Path));
        Assert.Contains("missing presentation contexts", skipped.StandardError + skipped.StandardOutput, StringComparison.Ordinal);

        var failures = new List<string>();
        foreach (var (path, sopInstanceUid, syntax) in candidates)
        {
            var copies = stored.PathsOf(sopInstanceUid, syntax.Uid.Value).ToList();
            if (copies.Count == 0)
            {
                failures.Add($"{Path.GetFileName(path)} ({syntax.Uid.Name}): not stored");
            }
            else if (copies.Select(copy => DataSetComparison.Difference(path, copy)).All(d => d is not null))
            {
                failures.Add($"{Path.GetFileName(path)}: {DataSetComparison.Difference(path, copies[0])}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {candidates.Count} files:\n{string.Join("\n", failures)}\nstorescu:\n{string.Join("\n", runs)}");
        Assert.Equal(candidates.Count, stored.Received.Count);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.5")]
    public async Task Storescu_stores_a_500_instance_series_unchanged(string transferSyntaxUid)
    {
        var syntax = DicomTransferSyntax.Lookup(transferSyntaxUid);
        using var temp = new TempDirectory();
        var files = SeriesGenerator.Write(temp.CreateSubdirectory("series"), 500, syntax);
        var stored = new StoredFiles(temp.CreateSubdirectory("store"));
        var log = new TestLog();
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddStorage(stored.Handler), log);

        // -xr: storescu proposes RLE (and the uncompressed syntaxes) only when asked to.
        var result = await StorescuAsync(server, syntax.IsEncapsulated ? ["-R", "-xr", "+sd"] : ["-R", "+sd"], [Path.GetDirectoryName(files[0])!]);

        output.WriteLine(result.StandardError[..Math.Min(2000, result.StandardError.Length)]);
        Assert.Equal(500, stored.Received.Count);
        Assert.All(stored.Received.Values, r => Assert.Equal(transferSyntaxUid, r.TransferSyntaxUid));
        foreach (var file in files)
        {
            var uid = DicomFileReader.Read(file, new DicomReaderOptions { StopBeforePixelData = true }).Dataset.GetString(DicomTag.SOPInstanceUID)!;
            var copy = Assert.Single(stored.PathsOf(uid, transferSyntaxUid));
            Assert.Null(DataSetComparison.Difference(file, copy));
        }

        Assert.Equal(0, server.ActiveAssociations);
    }

    private async Task<ProcessResult> StorescuAsync(Network.Hosting.DicomServer server, string[] options, IEnumerable<string> inputs)
    {
        var arguments = new List<string> { "-aet", "STORESCU", "-aec", TestSupportAe, "127.0.0.1", server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture) };
        arguments.InsertRange(0, options);
        arguments.AddRange(inputs);
        var result = await Dcmtk.RunAsync("storescu", TimeSpan.FromMinutes(3), [.. arguments]);
        output.WriteLine($"storescu exit {result.ExitCode}");
        return result;
    }

    private const string TestSupportAe = TestServer.AeTitle;

    /// <summary>The storescu option that proposes a transfer syntax (with the uncompressed ones).</summary>
    private static string ProposalOption(string transferSyntaxUid) => transferSyntaxUid switch
    {
        "1.2.840.10008.1.2" => "-xi",
        "1.2.840.10008.1.2.1" => "-xe",
        "1.2.840.10008.1.2.2" => "-xb",
        "1.2.840.10008.1.2.1.99" => "-xd",
        "1.2.840.10008.1.2.4.50" => "-xy",
        "1.2.840.10008.1.2.4.51" => "-xx",
        "1.2.840.10008.1.2.4.70" => "-xs",
        "1.2.840.10008.1.2.4.80" => "-xt",
        "1.2.840.10008.1.2.4.81" => "-xu",
        "1.2.840.10008.1.2.4.90" => "-xv",
        "1.2.840.10008.1.2.4.91" => "-xw",
        "1.2.840.10008.1.2.5" => "-xr",
        _ => "-x=",
    };

    private static string Errors(ProcessResult result) =>
        string.Join("\n", (result.StandardError + result.StandardOutput).Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("W:", StringComparison.Ordinal)));
}
