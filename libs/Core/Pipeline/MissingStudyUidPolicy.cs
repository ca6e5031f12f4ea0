namespace CloudRisPacs.Core.Pipeline;

/// <summary>What to do with an order whose message carries no Study Instance UID where the field map looks.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<MissingStudyUidPolicy>))]
public enum MissingStudyUidPolicy
{
    /// <summary>Derive a UID from the tenant, accession and requested procedure id (2.25 form, SHA-256 based): the same order always gets the same UID.</summary>
    DeriveFromAccession,

    /// <summary>Generate a random UID (2.25 form) when the order is first stored; later updates keep it.</summary>
    Generate,

    /// <summary>Reject the message with an exception: the RIS must send the UID.</summary>
    Reject,
}
