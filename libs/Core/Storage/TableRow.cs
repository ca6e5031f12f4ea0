using System.Text.RegularExpressions;

namespace CloudRisPacs.Core.Storage;

/// <summary>
/// One table entity: partition key, row key, ETag and a bag of typed properties. Values are limited to the types Azure
/// Tables stores (string, bool, int, long, double, <see cref="DateTimeOffset"/>, <see cref="Guid"/>, byte[]; a
/// <see cref="DateTime"/> is stored as UTC) and to Azure's size rules, checked when set, so a row that builds is a
/// row Azure accepts. Setting a property to null removes it (tables do not store nulls).
/// </summary>
public sealed partial class TableRow
{
    public const int MaxProperties = 252;
    public const int MaxStringLength = 32 * 1024;
    public const int MaxBinaryLength = 64 * 1024;
    public const int MaxPropertyNameLength = 255;

    private static readonly string[] SystemNames = ["PartitionKey", "RowKey", "Timestamp", "ETag"];

    private readonly Dictionary<string, object> values = new(StringComparer.Ordinal);

    public TableRow(string partitionKey, string rowKey)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    /// <summary>The version read from the store; pass it back to update or delete only that version. <c>*</c> matches any.</summary>
    public string? ETag { get; set; }

    /// <summary>When the store last wrote the row (read-only for the store's purposes).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The properties, without the keys, ETag and timestamp.</summary>
    public IReadOnlyDictionary<string, object> Properties => values;

    public object? this[string name]
    {
        get => values.GetValueOrDefault(name);
        set
        {
            ValidateName(name);
            if (value is null)
            {
                values.Remove(name);
                return;
            }

            var normalized = Normalize(name, value);
            if (!values.ContainsKey(name) && values.Count >= MaxProperties)
            {
                throw new ArgumentException($"A table row holds at most {MaxProperties} properties; '{name}' would be one more.", nameof(name));
            }

            values[name] = normalized;
        }
    }

    public string? GetString(string name) => Get<string>(name);

    public bool? GetBoolean(string name) => values.TryGetValue(name, out var value) ? (bool)Convert(name, value, typeof(bool)) : null;

    public Guid? GetGuid(string name) => values.TryGetValue(name, out var value) ? (Guid)Convert(name, value, typeof(Guid)) : null;

    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    public DateTimeOffset? GetDateTimeOffset(string name) =>
        values.TryGetValue(name, out var value) ? (DateTimeOffset)Convert(name, value, typeof(DateTimeOffset)) : null;

    public double? GetDouble(string name) => values.TryGetValue(name, out var value) switch
    {
        false => null,
        true when value is double d => d,
        true when value is int i => i,
        true when value is long l => l,
        _ => throw WrongType(name, value, "double"),
    };

    /// <summary>An integer property stored as Int32 or Int64.</summary>
    public long? GetInt64(string name) => values.TryGetValue(name, out var value) switch
    {
        false => null,
        true when value is long l => l,
        true when value is int i => i,
        _ => throw WrongType(name, value, "long"),
    };

    /// <summary>An integer property stored as Int32, or as Int64 within Int32's range.</summary>
    public int? GetInt32(string name) => GetInt64(name) switch
    {
        null => null,
        { } l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        { } l => throw new InvalidCastException($"Table property '{name}' holds {l}, which does not fit an int."),
    };

    /// <summary>A copy with the same keys, ETag and properties.</summary>
    public TableRow Clone()
    {
        var copy = new TableRow(PartitionKey, RowKey) { ETag = ETag, Timestamp = Timestamp };
        foreach (var (name, value) in values)
        {
            copy.values[name] = value is byte[] bytes ? (byte[])bytes.Clone() : value;
        }

        return copy;
    }

    public override string ToString() => $"{PartitionKey}|{RowKey}";

    private T? Get<T>(string name)
        where T : class =>
        values.TryGetValue(name, out var value) ? value as T ?? throw WrongType(name, value, typeof(T).Name) : null;

    private static object Convert(string name, object value, Type type) =>
        value.GetType() == type ? value : throw WrongType(name, value, type.Name);

    private static InvalidCastException WrongType(string name, object value, string wanted) =>
        new($"Table property '{name}' holds a {value.GetType().Name}, not a {wanted}.");

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxPropertyNameLength || !PropertyNamePattern().IsMatch(name)
            || SystemNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{name}' is not a usable table property name: 1 to {MaxPropertyNameLength} letters, digits and '_', " +
                "starting with a letter or '_', and none of PartitionKey, RowKey, Timestamp, ETag.", nameof(name));
        }
    }

    private static object Normalize(string name, object value) => value switch
    {
        string s when s.Length > MaxStringLength =>
            throw new ArgumentException($"Table property '{name}' has {s.Length} characters; at most {MaxStringLength} fit.", nameof(value)),
        byte[] b when b.Length > MaxBinaryLength =>
            throw new ArgumentException($"Table property '{name}' has {b.Length} bytes; at most {MaxBinaryLength} fit.", nameof(value)),
        string or bool or int or long or double or Guid or DateTimeOffset => value,
        byte[] b => b.Clone(),
        DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()),
        _ => throw new ArgumentException(
            $"Table property '{name}' is a {value.GetType().Name}; tables store string, bool, int, long, double, DateTimeOffset, DateTime, Guid and byte[].",
            nameof(value)),
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyNamePattern();
}
