namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>What one presentation data value completed.</summary>
internal enum DimseAssemblyKind
{
    /// <summary>Nothing yet: more fragments are needed.</summary>
    None,

    /// <summary>A whole message (command and, when it has one, the buffered data set bytes).</summary>
    Message,

    /// <summary>A message whose data set is streamed: the command is complete and the data set follows through a pipe.</summary>
    StreamStarted,

    /// <summary>The peer broke the rules of PS3.7/PS3.8 message exchange; the association must be aborted.</summary>
    ProtocolError,
}
