namespace CloudRisPacs.Core.Exceptions;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ExceptionStatus>))]
public enum ExceptionStatus
{
    Open,
    Resolved,
}
