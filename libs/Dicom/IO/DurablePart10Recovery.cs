namespace CloudRisPacs.Dicom.IO;

/// <summary>What <see cref="DurablePart10Folder"/> found of files in progress when it opened its folder.</summary>
/// <param name="Completed">Files that were committed but not yet under their final name (a crash between the flush and
/// the rename); they are now, and are listed by that name.</param>
/// <param name="Discarded">Files whose writing never committed (a crash or a kill while writing); deleted: whoever sent
/// them was never told they were stored.</param>
public sealed record DurablePart10Recovery(IReadOnlyList<string> Completed, int Discarded);
