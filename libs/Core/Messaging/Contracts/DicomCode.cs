namespace CloudRisPacs.Core.Messaging.Contracts;

/// <summary>A coded entry (DICOM code sequence item, HL7 CE/CWE): value, coding scheme and meaning.</summary>
public sealed record DicomCode(string Value, string Scheme, string Meaning);
