using System.Globalization;
using CloudRisPacs.Edge.Hosting;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Configuration;

/// <summary>
/// The shipped systemd unit carries what the agent's start-up messages and the README tell the operator it does: a
/// start-up failure (exit code 2) is not restarted in a loop, the service user may listen on port 104, and what the
/// agent writes (spool, store) is not readable by other users.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly Dictionary<string, List<string>> Service = ServiceSection();

    [Fact]
    public void A_startup_failure_is_not_restarted()
    {
        Assert.Equal("always", Single("Restart"));
        var prevented = Single("RestartPreventExitStatus").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(StartupFailure.ExitCode.ToString(CultureInfo.InvariantCulture), prevented);
    }

    [Fact]
    public void The_service_user_may_bind_port_104_and_nothing_more()
    {
        Assert.Equal("CAP_NET_BIND_SERVICE", Single("AmbientCapabilities"));
        Assert.Equal("CAP_NET_BIND_SERVICE", Single("CapabilityBoundingSet"));
        Assert.Equal("true", Single("NoNewPrivileges"));
    }

    [Fact]
    public void What_the_agent_writes_is_not_readable_by_other_users()
    {
        Assert.Equal("0027", Single("UMask"));
        Assert.Equal("0750", Single("StateDirectoryMode"));
    }

    private static string Single(string key)
    {
        Assert.True(Service.TryGetValue(key, out var values), $"The unit's [Service] section has no {key}=.");
        return Assert.Single(values);
    }

    private static Dictionary<string, List<string>> ServiceSection()
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var section = string.Empty;
        foreach (var raw in File.ReadAllLines(RepositoryPaths.Combine("edge-agent", "packaging", "cloudrispacs-edge.service")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (section == "[Service]" && equals > 0)
            {
                var key = line[..equals];
                if (!settings.TryGetValue(key, out var values))
                {
                    settings[key] = values = [];
                }

                values.Add(line[(equals + 1)..]);
            }
        }

        return settings;
    }
}
