using CloudRisPacs.Tools.DicomDictionaryGenerator;

// Usage: dotnet run --project tools/DicomDictionaryGenerator [-- <repository root>]
// Reads tools/DicomDictionaryGenerator/input/*.tsv and rewrites libs/Dicom/Dictionary/Generated/*.g.cs.
var root = args.Length > 0 ? args[0] : FindRepositoryRoot(AppContext.BaseDirectory);
var input = Path.Combine(root, "tools", "DicomDictionaryGenerator", "input");
var output = Path.Combine(root, "libs", "Dicom", "Dictionary", "Generated");
Directory.CreateDirectory(output);
foreach (var (name, content) in DictionaryCodeGenerator.Generate(input))
{
    File.WriteAllText(Path.Combine(output, name), content);
    Console.WriteLine($"wrote {Path.Combine(output, name)}");
}

static string FindRepositoryRoot(string start)
{
    for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "CloudRisPacs.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException($"CloudRisPacs.sln not found above {start}; pass the repository root as the first argument.");
}
