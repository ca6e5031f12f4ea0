using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Infra.Tests;

/// <summary>The Bicep sources under <c>infra/</c>, as paths relative to that folder (readable in test names).</summary>
public static class InfraFiles
{
    public static string Root => RepositoryPaths.Combine("infra");

    public static string MainTemplate => Path.Combine(Root, "main.bicep");

    public static string OnboardingModule => Path.Combine(Root, "modules", "tenant-onboarding.bicep");

    public static IReadOnlyList<string> Templates => Find("*.bicep");

    public static IReadOnlyList<string> ParameterFiles => Find("*.bicepparam");

    public static TheoryData<string> TemplateData => ToTheoryData(Templates);

    public static TheoryData<string> ParameterFileData => ToTheoryData(ParameterFiles);

    public static string FullPath(string relativePath) => Path.Combine(Root, relativePath);

    private static string[] Find(string pattern)
    {
        return Directory.GetFiles(Root, pattern, SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static TheoryData<string> ToTheoryData(IEnumerable<string> values)
    {
        var data = new TheoryData<string>();
        foreach (var value in values)
        {
            data.Add(value);
        }

        return data;
    }
}
