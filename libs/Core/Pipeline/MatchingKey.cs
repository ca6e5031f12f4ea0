namespace CloudRisPacs.Core.Pipeline;

/// <summary>How a study finds its order(s).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MatchingKey>))]
public enum MatchingKey
{
    /// <summary>Accession Number (0008,0050 and the Request Attributes Sequence) equals the order's accession.</summary>
    Accession,

    /// <summary>Accession as above, and Patient ID must equal the order's patient id as well.</summary>
    AccessionAndPatientId,

    /// <summary>Study Instance UID equals the UID the order carried (ZDS-1 / IPC-3) or was given.</summary>
    StudyInstanceUid,
}
