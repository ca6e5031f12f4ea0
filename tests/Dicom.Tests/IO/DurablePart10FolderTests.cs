using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Tests.Corpus;
using CloudRisPacs.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Dicom.Tests.IO;

public sealed class DurablePart10FolderTests : IDisposable
{
    private const string Slots = ".slots";
    private readonly string root = Path.Combine(Path.GetTempPath(), $"durable-part10-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("JPEG2000.dcm")]
    [InlineData("image_dfl.dcm")]
    public async Task A_committed_file_has_its_final_name_the_same_data_set_and_a_seal_that_dcmdump_ignores(string sample)
    {
        var original = File.ReadAllBytes(CorpusFiles.Sample(sample));
        var folder = new DurablePart10Folder(root);

        string path;
        await using (var file = folder.Create("instance.dcm"))
        {
            await file.WriteAsync(Unsealed(original));
            path = await file.CommitAsync();
        }

        Assert.Equal(Path.Combine(root, "instance.dcm"), path);
        var written = File.ReadAllBytes(path);
        Assert.Equal(original.Length, written.Length);
        Assert.Equal(original.AsSpan(128).ToArray(), written.AsSpan(128).ToArray());
        Assert.Equal("CRPSEAL1"u8.ToArray(), written.AsSpan(0, 8).ToArray());
        DatasetAssert.Equivalent(DicomFileReader.Read(original).Dataset, DicomFileReader.Read(written).Dataset, vrFromDictionary: false, sample);
        var dump = (await ProcessRunner.RunAsync(PeerTools.Require("dcmdump"), [path], TimeSpan.FromSeconds(30))).EnsureSuccess("dcmdump");
        Assert.Contains("(0002,0010)", dump.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("E:", dump.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_disposed_without_commit_leaves_nothing_behind()
    {
        var folder = new DurablePart10Folder(root, new DurablePart10FolderOptions { PreparedFiles = 4 });
        await using (var file = folder.Create("never.dcm"))
        {
            await file.WriteAsync(Unsealed(File.ReadAllBytes(CorpusFiles.Sample("CT_small.dcm"))));
        }

        Assert.Empty(Directory.GetFiles(root));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(root, Slots)).Length);
        Assert.All(Directory.GetFiles(Path.Combine(root, Slots)), slot => Assert.Equal(0, new FileInfo(slot).Length));
    }

    [Fact]
    public async Task Empty_files_are_prepared_in_batches_and_every_store_takes_its_own()
    {
        var folder = new DurablePart10Folder(root, new DurablePart10FolderOptions { PreparedFiles = 3 });
        var content = Unsealed(File.ReadAllBytes(CorpusFiles.Sample("CT_small.dcm")));

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await using var file = folder.Create($"{i}.dcm");
            await file.WriteAsync(content);
            await file.CommitAsync();
        })));

        Assert.Equal(10, Directory.GetFiles(root).Length);
        Assert.All(Directory.GetFiles(root), path => Assert.Equal(content.AsSpan(128).ToArray(), File.ReadAllBytes(path).AsSpan(128).ToArray()));
        Assert.InRange(Directory.GetFiles(Path.Combine(root, Slots)).Length, 1, 3);
    }

    [Fact]
    public async Task Prepared_files_deleted_behind_the_folders_back_are_replaced_and_the_store_goes_on()
    {
        var folder = new DurablePart10Folder(root, new DurablePart10FolderOptions { PreparedFiles = 4 });
        foreach (var slot in Directory.GetFiles(Path.Combine(root, Slots)))
        {
            File.Delete(slot);
        }

        await using (var file = folder.Create("after.dcm"))
        {
            await file.WriteAsync(Unsealed(File.ReadAllBytes(CorpusFiles.Sample("CT_small.dcm"))));
            await file.CommitAsync();
        }

        DicomFileReader.Read(File.ReadAllBytes(Path.Combine(root, "after.dcm")));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(root, Slots)).Length);
    }

    [Fact]
    public async Task A_file_committed_but_not_yet_renamed_at_a_crash_gets_its_name_when_the_folder_is_opened_again()
    {
        var sealedFile = await CommittedAsync("1.2.3.4.dcm");
        var slot = Path.Combine(root, Slots, "crashed.slot");
        File.Move(sealedFile, slot);

        var reopened = new DurablePart10Folder(root);

        Assert.Equal(["1.2.3.4.dcm"], reopened.Recovered.Completed);
        Assert.Equal(0, reopened.Recovered.Discarded);
        Assert.False(File.Exists(slot));
        DicomFileReader.Read(File.ReadAllBytes(Path.Combine(root, "1.2.3.4.dcm")));
    }

    [Fact]
    public async Task A_file_torn_at_a_crash_is_deleted_and_never_appears_under_its_final_name()
    {
        var sealedFile = await CommittedAsync("torn.dcm");
        var slot = Path.Combine(root, Slots, "torn.slot");
        File.Move(sealedFile, slot);
        var bytes = File.ReadAllBytes(slot);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(slot, bytes);
        File.WriteAllBytes(Path.Combine(root, Slots, "unsealed.slot"), Unsealed(bytes));

        var reopened = new DurablePart10Folder(root, new DurablePart10FolderOptions { PreparedFiles = 2 });

        Assert.Empty(reopened.Recovered.Completed);
        Assert.Equal(2, reopened.Recovered.Discarded);
        Assert.Empty(Directory.GetFiles(root));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(root, Slots)).Length);
    }

    [Property(MaxTest = 60)]
    public Property Any_cut_or_changed_byte_of_a_committed_file_makes_recovery_discard_it() =>
        Prop.ForAll(Gen.Choose(0, 1_000_000).Zip(Gen.Elements(true, false)).Zip(Gen.Choose(1, 255)).ToArbitrary(), sample =>
        {
            var ((where, cut), flip) = sample;
            var directory = Path.Combine(root, Guid.NewGuid().ToString("N"));
            var sealedFile = CommittedAsync("x.dcm", directory).GetAwaiter().GetResult();
            var bytes = File.ReadAllBytes(sealedFile);
            File.Delete(sealedFile);
            var at = where % bytes.Length;
            if (cut)
            {
                bytes = bytes[..at];
            }
            else
            {
                bytes[at] ^= (byte)flip;
            }

            File.WriteAllBytes(Path.Combine(directory, Slots, "damaged.slot"), bytes);
            var reopened = new DurablePart10Folder(directory, new DurablePart10FolderOptions { FlushToDisk = false });
            return (reopened.Recovered.Completed.Count == 0 && !File.Exists(Path.Combine(directory, "x.dcm"))
                    && reopened.Recovered.Discarded == (bytes.Length > 0 ? 1 : 0))
                .Label($"{(cut ? "cut" : "changed")} at {at} of {bytes.Length}");
        });

    [Fact]
    public async Task Content_in_the_preamble_or_too_little_to_be_a_Part10_file_is_refused_at_commit()
    {
        var folder = new DurablePart10Folder(root);
        var withPreamble = File.ReadAllBytes(CorpusFiles.Sample("CT_small.dcm"));
        withPreamble[5] = 0x41;

        await using (var file = folder.Create("preamble.dcm"))
        {
            await file.WriteAsync(withPreamble);
            await Assert.ThrowsAsync<InvalidOperationException>(() => file.CommitAsync());
        }

        await using (var file = folder.Create("short.dcm"))
        {
            await file.WriteAsync(new byte[100]);
            await Assert.ThrowsAsync<InvalidOperationException>(() => file.CommitAsync());
        }

        Assert.Empty(Directory.GetFiles(root));
    }

    [Theory]
    [InlineData("../escape.dcm")]
    [InlineData("sub/dir.dcm")]
    [InlineData("..")]
    [InlineData("a-name-that-is-far-too-long-to-fit-in-the-one-hundred-and-twenty-eight-byte-preamble-with-its-seal.dcm")]
    public void Names_with_a_path_or_too_long_for_the_seal_are_refused(string name)
    {
        var folder = new DurablePart10Folder(root);

        Assert.Throws<ArgumentException>(() => folder.Create(name));
    }

    private async Task<string> CommittedAsync(string name, string? directory = null)
    {
        var folder = new DurablePart10Folder(directory ?? root, new DurablePart10FolderOptions { FlushToDisk = false, PreparedFiles = 1 });
        await using var file = folder.Create(name);
        await file.WriteAsync(Unsealed(File.ReadAllBytes(CorpusFiles.Sample("CT_small.dcm"))));
        return await file.CommitAsync();
    }

    private static byte[] Unsealed(byte[] part10)
    {
        var copy = part10.ToArray();
        copy.AsSpan(0, 128).Clear();
        return copy;
    }
}
