using System.Security.Cryptography;

namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>
/// The demo tenant's two API keys (edge agent, staff), generated at the first run into the data folder
/// (<c>secrets/api-keys.env</c>, mode 600) and read again afterwards. Nothing secret lives in the repository; the
/// local cloud host keeps only their hashes.
/// </summary>
public sealed record DemoApiKeys(string EdgeKey, string StaffKey, string File)
{
    public const string EdgeVariable = "CLOUDRISPACS_EDGE_KEY";
    public const string StaffVariable = "CLOUDRISPACS_STAFF_KEY";

    public static DemoApiKeys LoadOrCreate(string dataFolder)
    {
        var folder = Path.Combine(dataFolder, "secrets");
        var file = Path.Combine(folder, "api-keys.env");
        if (System.IO.File.Exists(file))
        {
            var values = System.IO.File.ReadAllLines(file)
                .Select(line => line.Split('=', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
            if (values.TryGetValue(EdgeVariable, out var edge) && values.TryGetValue(StaffVariable, out var staff) && edge.Length >= 16 && staff.Length >= 16)
            {
                return new DemoApiKeys(edge, staff, file);
            }

            throw new DepartmentStartException($"{file} lacks {EdgeVariable} or {StaffVariable} (16 characters or more); delete it to generate new keys.");
        }

        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var keys = new DemoApiKeys(NewKey(), NewKey(), file);
        using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
        {
            if (!OperatingSystem.IsWindows())
            {
                System.IO.File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var writer = new StreamWriter(stream);
            writer.WriteLine("# API keys of the local demo tenant, generated at the first run. Use: source this file, then");
            writer.WriteLine("# curl -H \"Authorization: Bearer $CLOUDRISPACS_STAFF_KEY\" http://127.0.0.1:7071/api/exceptions");
            writer.WriteLine($"{EdgeVariable}={keys.EdgeKey}");
            writer.WriteLine($"{StaffVariable}={keys.StaffKey}");
        }

        return keys;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
