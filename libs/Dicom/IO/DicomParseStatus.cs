namespace CloudRisPacs.Dicom.IO;

/// <summary>Where <see cref="DicomParser.Parse"/> stopped.</summary>
public enum DicomParseStatus
{
    /// <summary>All complete structures in the buffer were consumed; call again with the rest and more input.</summary>
    NeedMoreData,

    /// <summary>The input ended (the final block was consumed).</summary>
    Completed,

    /// <summary>A top-level element at or after <see cref="DicomReaderOptions.StopBeforeTag"/> was reached; its header was not consumed.</summary>
    Stopped,
}
