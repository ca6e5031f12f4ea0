namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>Identifiers of one test's patient and order, unique per run so tests never see each other's rows.</summary>
internal sealed record Case(string PatientId, string Accession, string Run)
{
    public static Case New(string prefix)
    {
        var run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        return new Case($"{prefix}P{run}", $"{prefix}A{run}", run);
    }
}
