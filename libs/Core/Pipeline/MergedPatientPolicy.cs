namespace CloudRisPacs.Core.Pipeline;

/// <summary>What to do with a message naming a patient that an earlier A40 merged into another.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MergedPatientPolicy>))]
public enum MergedPatientPolicy
{
    /// <summary>Apply it to the surviving patient (following merge chains) and record a correction.</summary>
    RedirectToSurvivor,

    /// <summary>Reject it with an exception: someone must look at it.</summary>
    Reject,
}
