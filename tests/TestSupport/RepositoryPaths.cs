namespace CloudRisPacs.TestSupport;

/// <summary>Locates the repository root from a test's output folder (the folder holding CloudRisPacs.sln).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CloudRisPacs.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"CloudRisPacs.sln not found above {AppContext.BaseDirectory}.");
    }
}
