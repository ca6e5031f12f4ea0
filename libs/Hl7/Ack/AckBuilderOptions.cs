namespace CloudRisPacs.Hl7.Ack;

/// <summary>How acknowledgements are stamped.</summary>
public sealed class AckBuilderOptions
{
    /// <summary>Makes MSH-10 of each acknowledgement; by default a 20-character id unique per call.</summary>
    public Func<string> ControlIdGenerator { get; set; } = () => Guid.NewGuid().ToString("N")[..20];

    /// <summary>The clock for MSH-7.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>MSH-12 of a NAK when the original's version could not be read.</summary>
    public string FallbackVersion { get; set; } = "2.5.1";
}
