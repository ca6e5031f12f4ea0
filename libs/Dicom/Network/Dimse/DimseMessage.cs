namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE message as received or about to be sent: the command set (group 0000) and, when the message has one, the
/// data set (for a C-STORE request the data set is streamed instead and <see cref="DataSet"/> is null).
/// </summary>
public sealed class DimseMessage
{
    /// <summary>(0000,0800) value meaning "no data set" (PS3.7 section E.1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>(0000,0800) value this implementation writes when a data set follows (any other value means the same).</summary>
    public const ushort DataSetPresent = 0x0102;

    public DimseMessage(DicomDataset command, byte presentationContextId, DicomDataset? dataSet = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        Command = command;
        PresentationContextId = presentationContextId;
        DataSet = dataSet;
    }

    public DicomDataset Command { get; }

    public byte PresentationContextId { get; }

    public DicomDataset? DataSet { get; }

    public DimseCommandField CommandField => (DimseCommandField)(Command.GetNumber<ushort>(DicomTag.CommandField) ?? 0);

    public DimseDescriptor? Descriptor => DimseDescriptors.TryGet(CommandField, out var descriptor) ? descriptor : null;

    public bool IsRequest => ((ushort)CommandField & 0x8000) == 0;

    /// <summary>Message ID (0000,0110) of a request, or Message ID Being Responded To (0000,0120) of a response or C-CANCEL.</summary>
    public ushort MessageId => Command.GetNumber<ushort>(Descriptor?.MessageIdTag ?? DicomTag.MessageID) ?? 0;

    public bool HasDataSet => (Command.GetNumber<ushort>(DicomTag.CommandDataSetType) ?? NoDataSet) != NoDataSet;

    /// <summary>The SOP class UID from the element the descriptor names (affected or requested).</summary>
    public string? SopClassUid => Descriptor is { } d ? Command.GetString(d.SopClassTag) : Command.GetString(DicomTag.AffectedSOPClassUID);

    /// <summary>The SOP instance UID from the element the descriptor names (affected or requested).</summary>
    public string? SopInstanceUid => Descriptor?.SopInstanceTag is { } tag ? Command.GetString(tag) : null;

    public DicomStatus Status => new(Command.GetNumber<ushort>(DicomTag.Status) ?? 0);

    public override string ToString()
    {
        var name = Descriptor?.Name ?? $"command 0x{(ushort)CommandField:X4}";
        return IsRequest ? $"{name} #{MessageId}" : $"{name} #{MessageId} {Status}";
    }
}
