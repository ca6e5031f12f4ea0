using System.Net.Sockets;
using CloudRisPacs.Edge.Configuration;

namespace CloudRisPacs.Edge.Hosting;

/// <summary>
/// Turns what stopped the agent from starting (an unreadable configuration file, a port in use or reserved, a data
/// folder it may not write, a certificate it cannot load) into one plain message. A start-up failure does not go away by
/// itself, so the agent reports it and exits with code 2, which the systemd unit does not restart
/// (<c>RestartPreventExitStatus=2</c>); a stack trace every five seconds would hide the reason.
/// </summary>
public static class StartupFailure
{
    /// <summary>The exit code of a configuration or start-up problem, the same for both.</summary>
    public const int ExitCode = 2;

    /// <summary>What to print for <paramref name="exception"/>: the problem list, or the chain of messages with a hint.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is EdgeConfigurationException)
        {
            return exception.Message;
        }

        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message, StringComparer.Ordinal))
            {
                messages.Add(current.Message);
            }
        }

        var hint = Hint(exception);
        return $"The edge agent could not start: {string.Join(" ", messages.Select(m => m.TrimEnd('.') + "."))}" +
               (hint is null ? string.Empty : $"{Environment.NewLine}  {hint}");
    }

    private static string? Hint(Exception exception)
    {
        var socket = Find<SocketException>(exception);
        if (socket?.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return "Another program (or another agent) listens on that address and port: stop it, or give EdgeAgent:Dicom:Port, " +
                   "EdgeAgent:Mllp:Port or EdgeAgent:Status:Port another value.";
        }

        if (socket?.SocketErrorCode == SocketError.AccessDenied)
        {
            return "Ports below 1024 (such as DICOM's 104) need a privilege: the systemd unit grants it with " +
                   "AmbientCapabilities=CAP_NET_BIND_SERVICE; elsewhere use a port from 1024 up.";
        }

        if (Find<UnauthorizedAccessException>(exception) is not null || Find<IOException>(exception) is { } io && io.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase))
        {
            return "The agent must be able to create and write files in EdgeAgent:DataFolder: check its owner and permissions " +
                   "(the systemd unit runs as user cloudrispacs-edge) and that its file system is not mounted read-only.";
        }

        if (Find<InvalidDataException>(exception) is not null || Find<FileNotFoundException>(exception) is not null)
        {
            return "Check the --config file: it must exist and hold valid JSON.";
        }

        return Find<System.Security.Cryptography.CryptographicException>(exception) is null
            ? null
            : "Check the TLS certificate and key files: `cloudrispacs-edge check` reports what is wrong with them.";
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
