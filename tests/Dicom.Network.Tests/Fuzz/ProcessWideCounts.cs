namespace CloudRisPacs.Dicom.Network.Tests.Fuzz;

/// <summary>
/// Tests that count the process's open sockets or its heap run alone: another class's connections would be counted as
/// theirs (CI: "3 sockets left open" while a window test ran alongside).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCounts
{
    public const string Name = "process-wide counts";
}
