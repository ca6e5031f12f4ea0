using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CloudRisPacs.Core.Storage;

/// <summary>
/// Azure's table transaction rules, checked on the client because Azurite does not enforce them all: one partition,
/// at most 100 operations, each row once, If-Match only where it means something, entities up to 1 MiB, request up to
/// 4 MiB. The payload size is an upper estimate (JSON as the SDK writes it plus a generous per-operation allowance
/// for the multipart headers and the URL), so a transaction refused here might have just fitted, never the reverse.
/// </summary>
public static class TableTransactionRules
{
    public const int MaxOperations = 100;
    public const long MaxPayloadBytes = 4L * 1024 * 1024;
    public const long MaxEntityBytes = 1024 * 1024;

    /// <summary>Per-operation allowance for the changeset part headers, method line and URL (beyond the keys).</summary>
    public const int OperationOverheadBytes = 1024;

    /// <summary>Throws <see cref="TableTransactionRuleException"/> for the first rule the operations break.</summary>
    public static void Validate(IReadOnlyList<TableOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            throw new TableTransactionRuleException(TableTransactionRule.Empty, null, "A table transaction needs at least one operation.");
        }

        if (operations.Count > MaxOperations)
        {
            throw new TableTransactionRuleException(TableTransactionRule.TooManyOperations, null,
                $"A table transaction holds at most {MaxOperations} operations; this one has {operations.Count}.");
        }

        var partition = operations[0].Row.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long payload = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i] ?? throw new ArgumentException($"Operation {i} is null.", nameof(operations));
            var row = operation.Row;
            if (!string.Equals(row.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new TableTransactionRuleException(TableTransactionRule.MultiplePartitions, i,
                    $"All operations of a table transaction must share one partition key: operation 0 has '{partition}', operation {i} has '{row.PartitionKey}'.");
            }

            if (!rows.Add(row.RowKey))
            {
                throw new TableTransactionRuleException(TableTransactionRule.DuplicateRow, i,
                    $"Row '{row.RowKey}' appears more than once in the transaction (again at operation {i}); Azure allows each row once.");
            }

            CheckETag(operation, i);
            var entityBytes = EntitySize(row);
            if (entityBytes > MaxEntityBytes)
            {
                throw new TableTransactionRuleException(TableTransactionRule.EntityTooLarge, i,
                    $"Row '{row.PartitionKey}|{row.RowKey}' (operation {i}) is about {entityBytes} bytes; an entity holds at most {MaxEntityBytes}.");
            }

            payload += EstimatePayloadBytes(operation);
        }

        if (payload > MaxPayloadBytes)
        {
            throw new TableTransactionRuleException(TableTransactionRule.PayloadTooLarge, null,
                $"The table transaction would send about {payload} bytes; a transaction may carry at most {MaxPayloadBytes}. Split it.");
        }
    }

    /// <summary>Checks a single (non-transaction) write the same way: ETag usage and entity size.</summary>
    public static void ValidateSingle(TableOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        CheckETag(operation, null);
        var entityBytes = EntitySize(operation.Row);
        if (entityBytes > MaxEntityBytes)
        {
            throw new TableTransactionRuleException(TableTransactionRule.EntityTooLarge, null,
                $"Row '{operation.Row.PartitionKey}|{operation.Row.RowKey}' is about {entityBytes} bytes; an entity holds at most {MaxEntityBytes}.");
        }
    }

    /// <summary>Azure's published entity size formula: 4 + 2·|keys| + Σ(8 + 2·|name| + value size).</summary>
    public static long EntitySize(TableRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        long size = 4 + ((row.PartitionKey.Length + row.RowKey.Length) * 2L);
        foreach (var (name, value) in row.Properties)
        {
            size += 8 + (name.Length * 2L) + value switch
            {
                string s => (s.Length * 2L) + 4,
                byte[] b => b.Length + 4L,
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8,
            };
        }

        return size;
    }

    /// <summary>Upper estimate of the bytes one operation adds to the transaction request.</summary>
    public static long EstimatePayloadBytes(TableOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var row = operation.Row;
        long keys = (Encoding.UTF8.GetByteCount(row.PartitionKey) + Encoding.UTF8.GetByteCount(row.RowKey)) * 3L;
        if (operation.Kind == TableOperationKind.Delete)
        {
            return OperationOverheadBytes + keys;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", row.PartitionKey);
            writer.WriteString("RowKey", row.RowKey);
            foreach (var (name, value) in row.Properties)
            {
                WriteValue(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return OperationOverheadBytes + keys + buffer.WrittenCount;
    }

    private static void CheckETag(TableOperation operation, int? index)
    {
        var at = index is null ? string.Empty : $" (operation {index})";
        if (operation.IsConditional && string.IsNullOrEmpty(operation.Row.ETag))
        {
            throw new TableTransactionRuleException(TableTransactionRule.MissingETag, index,
                $"{operation.Kind} of row '{operation.Row.PartitionKey}|{operation.Row.RowKey}'{at} needs an ETag: the one read, or '*' for any version.");
        }

        if (!operation.IsConditional && !string.IsNullOrEmpty(operation.Row.ETag))
        {
            throw new TableTransactionRuleException(TableTransactionRule.UnusedETag, index,
                $"{operation.Kind} of row '{operation.Row.PartitionKey}|{operation.Row.RowKey}'{at} carries ETag {operation.Row.ETag}, which " +
                "Azure would ignore. Use an update to write only that version, or clear the ETag to write unconditionally.");
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case byte[] b:
                writer.WriteBase64String(name, b);
                writer.WriteString(name + "@odata.type", "Edm.Binary");
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteString(name, l.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString(name + "@odata.type", "Edm.Int64");
                break;
            case double d:
                writer.WriteString(name, d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString(name + "@odata.type", "Edm.Double");
                break;
            case Guid g:
                writer.WriteString(name, g);
                writer.WriteString(name + "@odata.type", "Edm.Guid");
                break;
            default:
                writer.WriteString(name, "0000-00-00T00:00:00.0000000Z");
                writer.WriteString(name + "@odata.type", "Edm.DateTime");
                break;
        }
    }
}
