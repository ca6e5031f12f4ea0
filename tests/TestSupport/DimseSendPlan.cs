using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudRisPacs.TestSupport;

/// <summary>
/// What <see cref="DcmjsDimsePeer.SendAsync"/> does: one association from <see cref="CallingAe"/> to <see cref="CalledAe"/>.
/// The names are the script's; datasets keep theirs (DICOM keywords), so no naming policy is applied.
/// </summary>
public sealed record DimseSendPlan(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("callingAe")] string CallingAe,
    [property: JsonPropertyName("calledAe")] string CalledAe,
    [property: JsonPropertyName("requests")] IReadOnlyList<DimseRequest> Requests)
{
    /// <summary>How many N-EVENT-REPORTs to wait for on the association before releasing it.</summary>
    [JsonPropertyName("eventReports")]
    public int EventReports { get; init; }

    /// <summary>How long the peer waits for anything (and lingers before releasing when it waits for nothing).</summary>
    /// <summary>The asynchronous operations window to negotiate (invoked and performed); null: none (one at a time).</summary>
    [JsonPropertyName("asyncOps")]
    public int? AsyncOps { get; init; }

    [JsonPropertyName("timeoutMs")]
    public int TimeoutMs { get; init; } = 20_000;
}

/// <summary>One request: <c>N-CREATE</c>, <c>N-SET</c>, <c>N-ACTION</c> or <c>C-ECHO</c> with a naturalized dataset, or <c>C-STORE</c> of a file.</summary>
public sealed record DimseRequest(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("sopClassUid")] string? SopClassUid = null,
    [property: JsonPropertyName("sopInstanceUid")] string? SopInstanceUid = null,
    [property: JsonPropertyName("dataset")] object? Dataset = null)
{
    [JsonPropertyName("actionTypeId")]
    public int? ActionTypeId { get; init; }

    /// <summary>For <c>C-STORE</c>: the Part 10 file to send, proposed in its own transfer syntax.</summary>
    [JsonPropertyName("file")]
    public string? File { get; init; }
}

/// <summary>What the peer saw on its association.</summary>
public sealed record DimseSendResult(JsonElement Json, string StandardError)
{
    public bool Associated => Json.GetProperty("associated").GetBoolean();

    public IReadOnlyList<JsonElement> Responses => [.. Json.GetProperty("responses").EnumerateArray()];

    public IReadOnlyList<JsonElement> EventReports => [.. Json.GetProperty("eventReports").EnumerateArray()];

    public IReadOnlyList<string> Errors => [.. Json.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? string.Empty)];

    /// <summary>The status of the n-th response, in the order they arrived.</summary>
    public int Status(int index) => Responses[index].GetProperty("status").GetInt32();

    public override string ToString() => Json.ToString() + "\n" + StandardError;
}
