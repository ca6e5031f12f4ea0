using CloudRisPacs.Tools.Admin;

// `cloudrispacs-admin onboard --tenant ID [--display-name NAME] [--edge-client-id ID]… [--staff-client-id ID]…
//  (--table-service-uri URI | --connection-string CS)`: see infra/README.md, "Onboarding a clinic".
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await AdminCommands.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
