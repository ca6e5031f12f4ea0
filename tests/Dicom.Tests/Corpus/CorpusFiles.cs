using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Tests.Corpus;

/// <summary>Every file of pydicom's bundled test data (test_files and charset_files, including subfolders).</summary>
public static class CorpusFiles
{
    private static readonly Lazy<IReadOnlyList<string>> AllFiles = new(() =>
        Directory.EnumerateFiles(PeerTools.PydicomTestFiles, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(PeerTools.PydicomCharsetFiles, "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToArray());

    /// <summary>The folder the relative names are relative to (pydicom's data folder).</summary>
    public static string Root => Path.GetDirectoryName(PeerTools.PydicomTestFiles)!;

    /// <summary>Absolute paths of every file.</summary>
    public static IReadOnlyList<string> All => AllFiles.Value;

    /// <summary>Paths relative to <see cref="Root"/>, e.g. <c>test_files/CT_small.dcm</c>.</summary>
    public static IEnumerable<object[]> Relative => All.Select(path => new object[] { Path.GetRelativePath(Root, path) });

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Sample(string name) => Path.Combine(PeerTools.PydicomTestFiles, name);

    public static string CharsetSample(string name) => Path.Combine(PeerTools.PydicomCharsetFiles, name);
}
