using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>The tenant's rows of a table as text (keys and properties, no ETags or timestamps), to compare states.</summary>
public static class Snapshot
{
    public static Task<string> PatientsAsync(PipelineHarness h) => TableAsync(h, CloudResourceNames.Tables.Patients, PipelineKeys.TenantPrefix(h.Tenant), true);

    public static Task<string> StudiesAsync(PipelineHarness h) => TableAsync(h, CloudResourceNames.Tables.Studies, PipelineKeys.TenantPrefix(h.Tenant), true);

    public static async Task<string> TableAsync(PipelineHarness h, string table, string partition, bool prefix)
    {
        var lines = new List<string>();
        await foreach (var row in h.Tables.QueryAsync(table, new TableQuery(partition) { PartitionKeyIsPrefix = prefix }))
        {
            var properties = row.Properties.Where(p => p.Key is not ("Revision" or "At" or "UpdatedAt"))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}={Normalize(p.Value)}");
            lines.Add($"{row.PartitionKey}|{row.RowKey}: {string.Join(", ", properties)}");
        }

        return string.Join("\n", lines);
    }

    // Timestamps inside the JSON data change with the clock, which the tests keep still; revisions grow by design.
    private static string Normalize(object value) => System.Text.RegularExpressions.Regex.Replace(
        value.ToString() ?? string.Empty, "\"(revision|updatedAt)\":[^,}]*", string.Empty);
}
