namespace CloudRisPacs.Dicom.Charsets;

/// <summary>A Defined Term and the code elements it designates; null when it leaves G0 or G1 alone.</summary>
internal sealed record CharacterSetTerm(string Term, CodeElement? G0, CodeElement? G1, bool UsesCodeExtensions, bool IsStandAlone = false);
