namespace CloudRisPacs.TestSupport;

/// <summary>
/// Locates the independent protocol peers the tests run against (DCMTK, python-hl7, pydicom). A missing peer is a
/// failure with the Debian package to install, never a silent skip: <c>./test.sh</c> installs them.
/// </summary>
public static class PeerTools
{
    /// <summary>Debian's Python; its packages (python3-hl7, python3-pydicom) are invisible to other interpreters.</summary>
    public const string DebianPython = "/usr/bin/python3";

    private static readonly Dictionary<string, string> PackageOfTool = new(StringComparer.Ordinal)
    {
        ["echoscu"] = "dcmtk",
        ["findscu"] = "dcmtk",
        ["storescu"] = "dcmtk",
        ["storescp"] = "dcmtk",
        ["movescu"] = "dcmtk",
        ["wlmscpfs"] = "dcmtk",
        ["dcmdump"] = "dcmtk",
        ["dump2dcm"] = "dcmtk",
        ["dcmodify"] = "dcmtk",
        ["img2dcm"] = "dcmtk",
        ["mllp_send"] = "python3-hl7",
        ["curl"] = "curl",
        ["jq"] = "jq",
        ["node"] = "nodejs",
    };

    /// <summary>The absolute path of a peer tool found on PATH; throws naming the package when it is absent.</summary>
    public static string Require(string tool)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tool);
        var path = FindOnPath(tool);
        if (path is not null)
        {
            return path;
        }

        var package = PackageOfTool.TryGetValue(tool, out var known) ? known : "(unknown package)";
        throw new PeerToolMissingException(
            $"Peer tool '{tool}' was not found on PATH. Install the Debian package '{package}' (./test.sh does this).");
    }

    /// <summary>Debian's python3, checked to import the given modules (e.g. <c>hl7</c>, <c>pydicom</c>).</summary>
    public static async Task<string> RequirePythonModulesAsync(params string[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (!File.Exists(DebianPython))
        {
            throw new PeerToolMissingException($"{DebianPython} is missing. Install the Debian package 'python3'.");
        }

        foreach (var module in modules)
        {
            var result = await ProcessRunner.RunAsync(
                DebianPython, ["-c", $"import {module}"], TimeSpan.FromSeconds(30));
            if (result.ExitCode != 0)
            {
                throw new PeerToolMissingException(
                    $"Python module '{module}' is not importable by {DebianPython}: {result.StandardError.Trim()} " +
                    $"Install the Debian package 'python3-{module}' (./test.sh does this).");
            }
        }

        return DebianPython;
    }

    /// <summary>pydicom's bundled test files folder (<c>data/test_files</c>).</summary>
    public static string PydicomTestFiles => RequirePydicomData("test_files");

    /// <summary>pydicom's bundled character-set test files folder (<c>data/charset_files</c>).</summary>
    public static string PydicomCharsetFiles => RequirePydicomData("charset_files");

    /// <summary>DCMTK's example worklist database and queries (<c>/usr/share/doc/dcmtk/examples</c>).</summary>
    public static string DcmtkExamples
    {
        get
        {
            const string path = "/usr/share/doc/dcmtk/examples";
            return Directory.Exists(Path.Combine(path, "wlistdb"))
                ? path
                : throw new PeerToolMissingException($"DCMTK examples not found at {path}. Install the Debian package 'dcmtk'.");
        }
    }

    private static string RequirePydicomData(string folder)
    {
        var path = Path.Combine("/usr/lib/python3/dist-packages/pydicom/data", folder);
        return Directory.Exists(path)
            ? path
            : throw new PeerToolMissingException($"pydicom data folder not found at {path}. Install the Debian package 'python3-pydicom'.");
    }

    private static string? FindOnPath(string tool)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin"]);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
