using System.Text.Json;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Trace;

/// <summary>
/// The rows of a message's trace in the tenant's <c>MessageTrace</c> partition: <c>msg|{id}</c>, and one lookup row per
/// accession (<c>bya|{accession}|{id}</c>) and for the patient (<c>byp|{patient}|{id}</c>), so "where is my message"
/// is answered by id, accession or patient with one query. They are upserts, so a redelivery writes the same rows.
/// </summary>
public static class TraceIndex
{
    public const string ByAccessionPrefix = "bya|";
    public const string ByPatientPrefix = "byp|";

    public static IEnumerable<TableOperation> Operations(TenantId tenant, TraceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var partition = PipelineKeys.Tenant(tenant);
        var json = JsonSerializer.Serialize(record, BusContractJson.Options);
        if (json.Length > 30_000)
        {
            json = JsonSerializer.Serialize(record with { Detail = record.Detail?[..Math.Min(record.Detail.Length, 2000)], Accessions = record.Accessions.Take(20).ToArray() }, BusContractJson.Options);
        }

        yield return TableOperation.Upsert(Row(partition, PipelineKeys.Message(record.MessageId), record, json), TableWriteMode.Replace);
        foreach (var accession in record.Accessions.Distinct(StringComparer.Ordinal).Take(20))
        {
            yield return TableOperation.Upsert(Row(partition, ByAccession(accession) + KeyPart.Encode(record.MessageId), record, json), TableWriteMode.Replace);
        }

        if (record.PatientKey is { } patient)
        {
            yield return TableOperation.Upsert(Row(partition, ByPatient(patient) + KeyPart.Encode(record.MessageId), record, json), TableWriteMode.Replace);
        }
    }

    public static string ByAccession(string accession) => $"{ByAccessionPrefix}{KeyPart.Encode(accession)}|";

    public static string ByPatient(string patientKey) => $"{ByPatientPrefix}{patientKey}|";

    public static TraceRecord Read(TableRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return JsonSerializer.Deserialize<TraceRecord>(row.GetString("Trace") ?? "{}", BusContractJson.Options)
            ?? throw new InvalidOperationException($"Trace row {row} is empty.");
    }

    private static TableRow Row(string partition, string rowKey, TraceRecord record, string json) => new(partition, rowKey)
    {
        ["Trace"] = json,
        ["Kind"] = record.Kind,
        ["Outcome"] = record.Outcome,
        ["At"] = record.At,
    };
}
