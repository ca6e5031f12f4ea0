using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A unique identifier (UI value). Registered UIDs (SOP classes, transfer syntaxes, ...) are generated constants
/// such as <see cref="CTImageStorage"/>; <see cref="Lookup"/> returns the registered instance or an unregistered one.
/// </summary>
public sealed partial class DicomUid : IEquatable<DicomUid>
{
    private static readonly Lazy<FrozenDictionary<string, DicomUid>> Registry =
        new(() => RegisteredUids().ToFrozenDictionary(uid => uid.Value, StringComparer.Ordinal));

    public DicomUid(string value, string name, DicomUidType type, string keyword = "", bool isRetired = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
        Name = name ?? string.Empty;
        Type = type;
        Keyword = keyword ?? string.Empty;
        IsRetired = isRetired;
    }

    /// <summary>The dotted-decimal UID, e.g. <c>1.2.840.10008.1.2</c>.</summary>
    public string Value { get; }

    /// <summary>The registry name, or the value itself for an unregistered UID.</summary>
    public string Name { get; }

    public DicomUidType Type { get; }

    /// <summary>The registry keyword (e.g. <c>CTImageStorage</c>), or empty.</summary>
    public string Keyword { get; }

    public bool IsRetired { get; }

    /// <summary>Whether the UID is in the PS3.6 registry.</summary>
    public bool IsRegistered => Type != DicomUidType.Unregistered;

    /// <summary>Every registered UID of the data dictionary.</summary>
    public static IEnumerable<DicomUid> Registered => Registry.Value.Values;

    /// <summary>The registered UID with this value, or an unregistered UID carrying it (the value is not validated).</summary>
    public static DicomUid Lookup(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.TrimEnd('\0', ' ');
        return Registry.Value.TryGetValue(trimmed, out var uid) ? uid : new DicomUid(trimmed, trimmed, DicomUidType.Unregistered);
    }

    /// <summary>The registered UID with this value, or null.</summary>
    public static DicomUid? FindRegistered(string value) =>
        Registry.Value.TryGetValue(value, out var uid) ? uid : null;

    /// <summary>
    /// Whether the text is a valid UID: 1 to 64 characters, dot-separated components of digits, no component with a
    /// leading zero unless it is the single digit 0 (PS3.5 section 9.1).
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i == value.Length || value[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && value[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new UID under the <c>2.25</c> root derived from a random UUID (PS3.5 section B.2).</summary>
    public static DicomUid Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        var number = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var value = "2.25." + number.ToString(CultureInfo.InvariantCulture);
        return new DicomUid(value, value, DicomUidType.Unregistered);
    }

    public bool Equals(DicomUid? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DicomUid);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => IsRegistered ? $"{Value} ({Name})" : Value;

    internal static DicomUidType ParseType(string registryType) => registryType switch
    {
        "Transfer Syntax" => DicomUidType.TransferSyntax,
        "SOP Class" => DicomUidType.SopClass,
        "Meta SOP Class" => DicomUidType.MetaSopClass,
        "Service Class" => DicomUidType.ServiceClass,
        "Well-known SOP Instance" or "Well-known Printer SOP Instance" or "Well-known Print Queue SOP Instance" => DicomUidType.WellKnownSopInstance,
        "Well-known frame of reference" or "Synchronization Frame of Reference" => DicomUidType.WellKnownFrameOfReference,
        "Coding Scheme" or "DICOM UIDs as a Coding Scheme" => DicomUidType.CodingScheme,
        "Application Context Name" => DicomUidType.ApplicationContextName,
        "LDAP OID" => DicomUidType.LdapOid,
        _ => DicomUidType.Other,
    };
}
