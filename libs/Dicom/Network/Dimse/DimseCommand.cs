namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>Builds command sets (PS3.7 section 9.3 and 10.3) from the descriptor table.</summary>
public static class DimseCommand
{
    /// <summary>A request command set: command field, message id, SOP class and instance in the elements the descriptor names.</summary>
    public static DicomDataset Request(DimseCommandField field, ushort messageId, string sopClassUid, string? sopInstanceUid = null, bool hasDataSet = false)
    {
        var descriptor = DimseDescriptors.Get(field);
        if (!descriptor.IsRequest)
        {
            throw new ArgumentException($"{descriptor.Name} is not a request.", nameof(field));
        }

        var command = new DicomDataset();
        command.SetNumber(DicomTag.CommandField, (ushort)field);
        command.SetNumber(descriptor.MessageIdTag, messageId);
        if (field != DimseCommandField.CCancelRequest)
        {
            SetUid(command, descriptor.SopClassTag, sopClassUid);
        }

        if (descriptor.SopInstanceTag is { } instanceTag && sopInstanceUid is not null)
        {
            SetUid(command, instanceTag, sopInstanceUid);
        }

        if (field is DimseCommandField.CStoreRequest or DimseCommandField.CFindRequest or DimseCommandField.CGetRequest or DimseCommandField.CMoveRequest)
        {
            // Priority MEDIUM (0000): what PS3.7 section 9.1.1.1.6 suggests when there is no reason to differ.
            command.SetNumber(DicomTag.Priority, (ushort)0);
        }

        command.SetNumber(DicomTag.CommandDataSetType, hasDataSet ? DimseMessage.DataSetPresent : DimseMessage.NoDataSet);
        return command;
    }

    /// <summary>
    /// The response to a request: the counterpart command field, Message ID Being Responded To, the status and the
    /// affected SOP class and instance copied from the request (affected or requested), as PS3.7 requires.
    /// </summary>
    public static DicomDataset Response(DimseMessage request, DicomStatus status, bool hasDataSet, string? sopInstanceUid = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestDescriptor = request.Descriptor ?? throw new ArgumentException($"{request} is not a known DIMSE request.", nameof(request));
        var descriptor = DimseDescriptors.Get(requestDescriptor.Counterpart);
        var command = new DicomDataset();
        command.SetNumber(DicomTag.CommandField, (ushort)descriptor.Field);
        command.SetNumber(DicomTag.MessageIDBeingRespondedTo, request.MessageId);
        CopyUid(request.Command, requestDescriptor.SopClassTag, command, descriptor.SopClassTag);
        if (descriptor.SopInstanceTag is { } instanceTag)
        {
            if (sopInstanceUid is not null)
            {
                SetUid(command, instanceTag, sopInstanceUid);
            }
            else if (requestDescriptor.SopInstanceTag is { } requestInstanceTag)
            {
                CopyUid(request.Command, requestInstanceTag, command, instanceTag);
            }
        }

        command.SetNumber(DicomTag.CommandDataSetType, hasDataSet ? DimseMessage.DataSetPresent : DimseMessage.NoDataSet);
        command.SetNumber(DicomTag.Status, status.Code);
        return command;
    }

    private static void SetUid(DicomDataset command, DicomTag tag, string uid) =>
        command.SetBytes(tag, DicomVR.UI, System.Text.Encoding.ASCII.GetBytes(uid));

    // Echoed as received: a peer's slightly malformed UID must come back unchanged for it to match its request.
    private static void CopyUid(DicomDataset from, DicomTag fromTag, DicomDataset to, DicomTag toTag)
    {
        if (from.GetElement(fromTag) is { } element)
        {
            to.Set(new DicomElement(toTag, DicomVR.UI, element.Value));
        }
    }
}
