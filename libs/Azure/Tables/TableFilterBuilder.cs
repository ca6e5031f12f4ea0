using System.Text;
using Azure.Data.Tables;
using CloudRisPacs.Core.Storage;

namespace CloudRisPacs.Azure.Tables;

/// <summary>Builds the OData filter of a <see cref="TableQuery"/>; every literal is escaped by the SDK.</summary>
internal static class TableFilterBuilder
{
    public static string Build(TableQuery query)
    {
        var filter = new StringBuilder();
        if (!query.PartitionKeyIsPrefix)
        {
            filter.Append(TableClient.CreateQueryFilter($"PartitionKey eq {query.PartitionKey}"));
        }
        else
        {
            filter.Append(TableClient.CreateQueryFilter($"PartitionKey ge {query.PartitionKey}"));
            if (TableKeys.PrefixUpperBound(query.PartitionKey) is { } partitionBound)
            {
                filter.Append(" and ").Append(TableClient.CreateQueryFilter($"PartitionKey lt {partitionBound}"));
            }
        }

        if (query.RowKeyPrefix is { Length: > 0 } prefix)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"RowKey ge {prefix}"));
            if (TableKeys.PrefixUpperBound(prefix) is { } bound)
            {
                filter.Append(" and ").Append(TableClient.CreateQueryFilter($"RowKey lt {bound}"));
            }
        }

        if (query.RowKeyFrom is { } from)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"RowKey ge {from}"));
        }

        if (query.RowKeyTo is { } to)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"RowKey lt {to}"));
        }

        foreach (var (name, value) in query.WhereEquals ?? new Dictionary<string, object>())
        {
            // The name is checked like a row's property name, so it can be written into the filter as it is.
            var probe = new TableRow("p", "r") { [name] = value };
            var literal = probe[name] switch
            {
                string s => TableClient.CreateQueryFilter($"{s}"),
                bool b => TableClient.CreateQueryFilter($"{b}"),
                int i => TableClient.CreateQueryFilter($"{i}"),
                long l => TableClient.CreateQueryFilter($"{l}"),
                double d => TableClient.CreateQueryFilter($"{d}"),
                Guid g => TableClient.CreateQueryFilter($"{g}"),
                DateTimeOffset t => TableClient.CreateQueryFilter($"{t}"),
                byte[] bytes => TableClient.CreateQueryFilter($"{bytes}"),
                var other => throw new ArgumentException($"Cannot filter on a {other?.GetType().Name}.", nameof(query)),
            };
            filter.Append(" and ").Append(name).Append(" eq ").Append(literal);
        }

        return filter.ToString();
    }
}
