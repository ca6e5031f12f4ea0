using System.Globalization;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>A DIMSE status (0000,0900), with the codes of PS3.7 annex C and the service-specific ones of PS3.4 used here.</summary>
public readonly record struct DicomStatus(ushort Code)
{
    public static DicomStatus Success => new(0x0000);

    /// <summary>Warning: requested optional attributes are not supported (N-services).</summary>
    public static DicomStatus OptionalAttributesNotSupported => new(0x0001);

    public static DicomStatus NoSuchAttribute => new(0x0105);

    public static DicomStatus InvalidAttributeValue => new(0x0106);

    /// <summary>Warning: attribute list error.</summary>
    public static DicomStatus AttributeListError => new(0x0107);

    public static DicomStatus ProcessingFailure => new(0x0110);

    public static DicomStatus DuplicateSopInstance => new(0x0111);

    public static DicomStatus NoSuchSopInstance => new(0x0112);

    public static DicomStatus NoSuchEventType => new(0x0113);

    public static DicomStatus NoSuchArgument => new(0x0114);

    public static DicomStatus InvalidArgumentValue => new(0x0115);

    /// <summary>Warning: attribute value out of range.</summary>
    public static DicomStatus AttributeValueOutOfRange => new(0x0116);

    public static DicomStatus InvalidObjectInstance => new(0x0117);

    public static DicomStatus NoSuchSopClass => new(0x0118);

    public static DicomStatus ClassInstanceConflict => new(0x0119);

    public static DicomStatus MissingAttribute => new(0x0120);

    public static DicomStatus MissingAttributeValue => new(0x0121);

    public static DicomStatus SopClassNotSupported => new(0x0122);

    public static DicomStatus NoSuchActionType => new(0x0123);

    public static DicomStatus NotAuthorized => new(0x0124);

    public static DicomStatus DuplicateTransactionUid => new(0x0131);

    public static DicomStatus DuplicateInvocation => new(0x0210);

    public static DicomStatus UnrecognizedOperation => new(0x0211);

    public static DicomStatus MistypedArgument => new(0x0212);

    public static DicomStatus ResourceLimitation => new(0x0213);

    /// <summary>C-STORE / C-FIND: refused, out of resources (A700).</summary>
    public static DicomStatus OutOfResources => new(0xA700);

    /// <summary>C-STORE: data set does not match SOP class; C-FIND: identifier does not match SOP class (A900).</summary>
    public static DicomStatus DataSetDoesNotMatchSopClass => new(0xA900);

    /// <summary>C-STORE: cannot understand; C-FIND: unable to process (C000).</summary>
    public static DicomStatus CannotUnderstand => new(0xC000);

    /// <summary>C-STORE warning: coercion of data elements (B000).</summary>
    public static DicomStatus CoercionOfDataElements => new(0xB000);

    /// <summary>C-STORE warning: elements discarded (B006).</summary>
    public static DicomStatus ElementsDiscarded => new(0xB006);

    /// <summary>C-STORE warning: data set does not match SOP class (B007).</summary>
    public static DicomStatus DataSetDoesNotMatchSopClassWarning => new(0xB007);

    public static DicomStatus Cancel => new(0xFE00);

    public static DicomStatus Pending => new(0xFF00);

    /// <summary>C-FIND pending: one or more optional keys were not supported for this identifier.</summary>
    public static DicomStatus PendingWithWarnings => new(0xFF01);

    public DicomStatusKind Kind => Code switch
    {
        0x0000 => DicomStatusKind.Success,
        0xFE00 => DicomStatusKind.Cancel,
        0xFF00 or 0xFF01 => DicomStatusKind.Pending,
        0x0001 or 0x0107 or 0x0116 => DicomStatusKind.Warning,
        >= 0xB000 and <= 0xBFFF => DicomStatusKind.Warning,
        _ => DicomStatusKind.Failure,
    };

    public bool IsSuccess => Kind == DicomStatusKind.Success;

    public bool IsPending => Kind == DicomStatusKind.Pending;

    /// <summary>Success or warning: the operation was performed.</summary>
    public bool IsSuccessOrWarning => Kind is DicomStatusKind.Success or DicomStatusKind.Warning;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"0x{Code:X4} ({Kind})");
}
