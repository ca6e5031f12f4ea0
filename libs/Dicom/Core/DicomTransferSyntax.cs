using System.Collections.Concurrent;

namespace CloudRisPacs.Dicom;

/// <summary>
/// A transfer syntax as data (PS3.5 section 10): whether VRs are explicit, the byte order, whether the data set is
/// deflated and whether Pixel Data is encapsulated. Every registered transfer syntax is known; an unknown UID is
/// treated as explicit VR little endian with encapsulated pixel data, which is what PS3.5 requires of all others.
/// </summary>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    private static readonly ConcurrentDictionary<string, DicomTransferSyntax> Known = new(StringComparer.Ordinal);

    private DicomTransferSyntax(DicomUid uid, bool isExplicitVR, bool isLittleEndian, bool isDeflated, bool isEncapsulated)
    {
        Uid = uid;
        IsExplicitVR = isExplicitVR;
        IsLittleEndian = isLittleEndian;
        IsDeflated = isDeflated;
        IsEncapsulated = isEncapsulated;
    }

    /// <summary>The default transfer syntax; DIMSE command sets are always encoded in it.</summary>
    public static DicomTransferSyntax ImplicitVRLittleEndian { get; } = Lookup(DicomUid.ImplicitVRLittleEndian.Value);

    public static DicomTransferSyntax ExplicitVRLittleEndian { get; } = Lookup(DicomUid.ExplicitVRLittleEndian.Value);

    /// <summary>Retired, but still found in archives.</summary>
    public static DicomTransferSyntax ExplicitVRBigEndian { get; } = Lookup(DicomUid.ExplicitVRBigEndian.Value);

    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; } = Lookup(DicomUid.DeflatedExplicitVRLittleEndian.Value);

    public static DicomTransferSyntax JPEGBaseline8Bit { get; } = Lookup(DicomUid.JPEGBaseline8Bit.Value);

    public static DicomTransferSyntax JPEGLosslessSV1 { get; } = Lookup(DicomUid.JPEGLosslessSV1.Value);

    public static DicomTransferSyntax JPEG2000Lossless { get; } = Lookup(DicomUid.JPEG2000Lossless.Value);

    public static DicomTransferSyntax RLELossless { get; } = Lookup(DicomUid.RLELossless.Value);

    /// <summary>The UID, with its registry name when it is registered.</summary>
    public DicomUid Uid { get; }

    public bool IsExplicitVR { get; }

    public bool IsLittleEndian { get; }

    /// <summary>Whether everything after the File Meta Information is raw-deflated (RFC 1951).</summary>
    public bool IsDeflated { get; }

    /// <summary>Whether Pixel Data is encapsulated (fragments with a basic offset table) rather than native.</summary>
    public bool IsEncapsulated { get; }

    public bool IsRetired => Uid.IsRetired;

    /// <summary>Every registered transfer syntax.</summary>
    public static IEnumerable<DicomTransferSyntax> Registered =>
        DicomUid.Registered.Where(uid => uid.Type == DicomUidType.TransferSyntax).Select(uid => Lookup(uid.Value));

    /// <summary>The transfer syntax for a UID; unknown UIDs get the rules PS3.5 gives all non-default syntaxes.</summary>
    public static DicomTransferSyntax Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return Known.GetOrAdd(uid.TrimEnd('\0', ' '), static value => Create(DicomUid.Lookup(value)));
    }

    public bool Equals(DicomTransferSyntax? other) => other is not null && Uid.Equals(other.Uid);

    public override bool Equals(object? obj) => Equals(obj as DicomTransferSyntax);

    public override int GetHashCode() => Uid.GetHashCode();

    public override string ToString() => Uid.ToString();

    private static DicomTransferSyntax Create(DicomUid uid) => uid.Value switch
    {
        "1.2.840.10008.1.2" or "1.2.840.10008.1.20" => new(uid, isExplicitVR: false, isLittleEndian: true, isDeflated: false, isEncapsulated: false),
        "1.2.840.10008.1.2.2" => new(uid, isExplicitVR: true, isLittleEndian: false, isDeflated: false, isEncapsulated: false),
        "1.2.840.10008.1.2.1.99" or "1.2.840.10008.1.2.4.95" or "1.2.840.10008.1.2.4.205"
            => new(uid, isExplicitVR: true, isLittleEndian: true, isDeflated: true, isEncapsulated: false),

        // Native pixel data (or none at all: JPIP references pixel data by URL, SMPTE ST 2110 sends it out of band).
        "1.2.840.10008.1.2.1" or "1.2.840.10008.1.2.4.94" or "1.2.840.10008.1.2.4.204"
            or "1.2.840.10008.1.2.7.1" or "1.2.840.10008.1.2.7.2" or "1.2.840.10008.1.2.7.3"
            => new(uid, isExplicitVR: true, isLittleEndian: true, isDeflated: false, isEncapsulated: false),
        _ => new(uid, isExplicitVR: true, isLittleEndian: true, isDeflated: false, isEncapsulated: true),
    };
}
