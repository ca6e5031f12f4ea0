namespace CloudRisPacs.Dicom;

/// <summary>What decides the VR of an element whose dictionary entry allows several (PS3.5 Annex A, PS3.3 C.7.6.3, C.10.9).</summary>
internal readonly record struct AmbiguousVRContext(
    bool IsImplicitVR,
    bool IsUndefinedLength,
    int? PixelRepresentation,
    int? BitsAllocated,
    int? WaveformBitsAllocated,
    int? LutEntries);
