namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>A SOP instance and its class (an item of Referenced SOP Sequence and similar sequences).</summary>
public sealed record DicomSopReference(string SopClassUid, string SopInstanceUid);
