using CloudRisPacs.Core.Messaging.Contracts;

namespace CloudRisPacs.Core.Results;

/// <summary>
/// One OBX line of a report: an optional heading and the text; from an SR also the concept name code the heading is the
/// meaning of (OBX-3).
/// </summary>
public sealed record ReportLine(string? Heading, string Text, DicomCode? Concept = null);
