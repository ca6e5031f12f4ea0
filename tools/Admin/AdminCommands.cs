namespace CloudRisPacs.Tools.Admin;

/// <summary>The verbs of <c>cloudrispacs-admin</c>. Exit codes: 0 done, 1 refused or failed, 2 usage error.</summary>
internal static class AdminCommands
{
    public const string Usage =
        "usage: cloudrispacs-admin onboard --tenant ID [--display-name NAME] [--edge-client-id ID]... [--staff-client-id ID]...\n" +
        "                                  (--table-service-uri https://ACCOUNT.table.core.windows.net | --connection-string CS)\n" +
        "  The table service URI may also come from CloudRisPacs__Storage__TableServiceUri; it signs in with\n" +
        "  DefaultAzureCredential (az login), which needs Storage Table Data Contributor on the account.";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length > 0 && args[0] == "onboard")
        {
            return await OnboardCommand.RunAsync(args[1..], output, error, cancellationToken).ConfigureAwait(false);
        }

        await error.WriteLineAsync(Usage).ConfigureAwait(false);
        return 2;
    }
}
