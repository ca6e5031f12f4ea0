namespace CloudRisPacs.Hl7.Tests.Fuzz;

/// <summary>How many fuzz cases to run: thousands normally, many more with CLOUDRISPACS_FUZZ_LONG=1.</summary>
public static class FuzzBudget
{
    public static bool LongMode => Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1";

    public static int Cases(int normal) => LongMode ? normal * 100 : normal;

    /// <summary>A seed printed with every failure so it can be replayed (CLOUDRISPACS_FUZZ_SEED overrides).</summary>
    public static int Seed(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_SEED"), out var seed) ? seed : LongMode ? Environment.TickCount : fallback;
}
