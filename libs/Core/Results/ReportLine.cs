namespace CloudRisPacs.Core.Results;

/// <summary>One OBX line of a report: an optional heading (the concept name in an SR) and the text.</summary>
public sealed record ReportLine(string? Heading, string Text);
