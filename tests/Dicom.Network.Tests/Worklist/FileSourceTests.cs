using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>The folder source parses a file once and notices every change to the folder at the next query.</summary>
public sealed class FileSourceTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory folder = new("wlsource");
    private readonly TestLog log = new();
    private readonly DicomFileWorklistItemSource source;

    public FileSourceTests()
    {
        source = new DicomFileWorklistItemSource(folder.Path, logger: log.CreateLogger("worklist"));
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_changed_file_is_read_again()
    {
        Write("a.wl", "P1");
        Assert.Equal(["P1"], await PatientIdsAsync());

        Write("a.wl", "P1-CHANGED");
        Assert.Equal(["P1-CHANGED"], await PatientIdsAsync());
    }

    [Fact]
    public async Task A_settled_unchanged_file_is_not_parsed_again()
    {
        Write("a.wl", "P1", LongAgo);
        Assert.Equal(["P1"], await PatientIdsAsync());

        // Same size and time as before: only a cache can still answer the old value.
        Write("a.wl", "P2", LongAgo);
        Assert.Equal(["P1"], await PatientIdsAsync());
    }

    [Fact]
    public async Task A_file_written_in_the_last_moments_is_checked_again_even_when_size_and_time_match()
    {
        var now = DateTime.UtcNow;
        Write("a.wl", "P1", now);
        Assert.Equal(["P1"], await PatientIdsAsync());

        Write("a.wl", "P2", now);
        Assert.Equal(["P2"], await PatientIdsAsync());
    }

    [Fact]
    public async Task Deleted_files_disappear_and_new_files_appear()
    {
        Write("a.wl", "P1", LongAgo);
        Write("b.wl", "P2", LongAgo);
        Assert.Equal(["P1", "P2"], await PatientIdsAsync());

        File.Delete(folder.Combine("a.wl"));
        Write("c.wl", "P3", LongAgo);
        Assert.Equal(["P2", "P3"], await PatientIdsAsync());
    }

    [Fact]
    public async Task An_unreadable_file_is_logged_and_skipped_and_the_others_are_served()
    {
        Write("a.wl", "P1");
        await File.WriteAllBytesAsync(folder.Combine("b.wl"), [1, 2, 3, 4, 5]);
        Write("c.wl", "P3");

        Assert.Equal(["P1", "P3"], await PatientIdsAsync());
        Assert.True(log.Contains("b.wl is skipped"), string.Join("\n", log.Lines));
    }

    private void Write(string name, string patientId, DateTime? lastWriteUtc = null)
    {
        var item = new DicomDataset()
            .SetString(DicomTag.SOPClassUID, "1.2.276.0.7230010.3.1.0.1")
            .SetString(DicomTag.SOPInstanceUID, "1.2.3." + patientId.Length)
            .SetString(DicomTag.PatientID, patientId);
        var path = folder.Combine(name);
        DicomFileWriter.Write(path, new DicomFile(item));
        if (lastWriteUtc is { } stamp)
        {
            File.SetLastWriteTimeUtc(path, stamp);
        }
    }

    private async Task<string[]> PatientIdsAsync()
    {
        var query = new DicomWorklistQuery(new DicomAssociationInfo("test", "SCU", "SCP", null, false, [], 16384, null, null), new DicomDataset());
        var ids = new List<string>();
        await foreach (var item in source.GetCandidatesAsync(query, CancellationToken.None))
        {
            ids.Add(item.GetString(DicomTag.PatientID) ?? string.Empty);
        }

        return [.. ids];
    }
}
