using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Hl7.Tests.Corpus;

/// <summary>The realistic messages in this folder, one per supported type and feature, read as wire bytes.</summary>
public static class CorpusFiles
{
    public static string Folder => RepositoryPaths.Combine("tests", "Hl7.Tests", "Corpus");

    public static IReadOnlyList<string> All =>
        Directory.GetFiles(Folder, "*.hl7").Order(StringComparer.Ordinal).ToList();

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var path in All)
            {
                data.Add(Path.GetFileName(path));
            }

            return data;
        }
    }
}
