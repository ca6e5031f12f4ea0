using Azure;
using Azure.Data.Tables;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Azure.Tables;

/// <summary>Converts between the port's <see cref="TableRow"/> and the SDK's <see cref="TableEntity"/>.</summary>
internal static class TableEntityMapper
{
    public static TableEntity ToEntity(TableRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Properties)
        {
            entity[name] = value;
        }

        if (!string.IsNullOrEmpty(row.ETag))
        {
            entity.ETag = new ETag(row.ETag);
        }

        return entity;
    }

    public static TableRow FromEntity(TableEntity entity)
    {
        var row = new TableRow(entity.PartitionKey, entity.RowKey)
        {
            ETag = entity.ETag.ToString(),
            Timestamp = entity.Timestamp,
        };
        foreach (var (name, value) in entity)
        {
            if (value is null || name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                continue;
            }

            row[name] = value switch
            {
                BinaryData data => data.ToArray(),
                _ => value,
            };
        }

        return row;
    }

    public static ETag ToETag(string? etag) => string.IsNullOrEmpty(etag) || etag == "*" ? ETag.All : new ETag(etag);
}
