using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.Storage;
using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.Edge.Operations;

/// <summary>
/// <c>cloudrispacs-edge requeue QUEUE (ID | --all)</c>: what the operator runs after fixing why entries were parked. It
/// writes to the agent's own database (SQLite allows the running agent and this command at once); the agent picks the
/// entries up on its next pass. Access to the data folder is the authorisation, as for every other agent file.
/// </summary>
public static class RequeueCommand
{
    public const string Usage = "usage: cloudrispacs-edge requeue QUEUE (ID | --all) [--config FILE]";

    /// <summary>Runs the command; returns the process exit code (0 requeued, 1 nothing matched, 2 bad arguments or configuration).</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, IReadOnlyList<string> arguments, TextWriter output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        if (arguments.Count != 2 || !ParkedQueues.Names.Contains(arguments[0]))
        {
            await output.WriteLineAsync($"{Usage}{Environment.NewLine}QUEUE is one of: {string.Join(", ", ParkedQueues.Names)} " +
                "(the names /status lists parked entries under).").ConfigureAwait(false);
            return 2;
        }

        var (options, problems) = EdgeAgentConfiguration.Read(configuration);
        if (options is null)
        {
            await output.WriteLineAsync(string.Join(Environment.NewLine, problems)).ConfigureAwait(false);
            return 2;
        }

        // Opening would create an empty database: a misspelled DataFolder would then "requeue" nothing, silently.
        if (!File.Exists(options.DatabasePath))
        {
            await output.WriteLineAsync($"The data folder '{options.DataFolder}' holds no agent database ({Path.GetFileName(options.DatabasePath)}): " +
                "check EdgeAgent:DataFolder (it must be the running agent's).").ConfigureAwait(false);
            return 2;
        }

        var queue = arguments[0];
        var id = arguments[1] == "--all" ? null : arguments[1];
        await using var database = EdgeDatabase.Open(options.DatabasePath);
        var requeued = await new ParkedQueues(database).RequeueAsync(queue, id, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(requeued switch
        {
            0 when id is null => $"The {queue} queue has no parked entry.",
            0 => $"The {queue} queue has no parked entry '{id}' (see /status for the parked ones).",
            _ => $"Requeued {requeued} parked {queue} entr{(requeued == 1 ? "y" : "ies")}; the agent tries again on its next pass.",
        }).ConfigureAwait(false);
        return requeued == 0 ? 1 : 0;
    }
}
