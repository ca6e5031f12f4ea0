using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>The cloud HTTP API as staff tooling calls it (the demo tenant's staff key).</summary>
internal sealed class CloudApi(DepartmentFixture department)
{
    /// <summary>GET; null on 404 (not there yet), the JSON otherwise; other errors fail the test.</summary>
    public async Task<JsonNode?> GetAsync(string path)
    {
        using var response = await department.Api.GetAsync(Uri(path));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body);
    }

    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await department.Api.PostAsync(Uri(path), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The study once it has <paramref name="instances"/> instances and is in <paramref name="state"/>.</summary>
    public Task<JsonNode> WaitForStudyAsync(string studyUid, int instances, string state, int seconds = 60) =>
        Eventually.ReturnsAsync(async () =>
        {
            var study = (await GetAsync($"studies/{studyUid}"))?["study"];
            return study is not null && (int)study["instanceCount"]! == instances && (string?)study["state"] == state ? study : null;
        }, $"study {studyUid} has {instances} instances and is {state}", seconds, department.Diagnostics);

    /// <summary>The open exception of <paramref name="kind"/> whose subject matches, once it is raised.</summary>
    public Task<JsonNode> WaitForExceptionAsync(string kind, Func<JsonNode, bool> about, int seconds = 60) =>
        Eventually.ReturnsAsync(async () =>
        {
            var list = await GetAsync($"exceptions?kind={kind}&take=500");
            return list!["exceptions"]!.AsArray().FirstOrDefault(e => e is not null && about(e));
        }, $"an open {kind} exception is listed", seconds, department.Diagnostics);

    private Uri Uri(string path) => new($"{department.Endpoints.ApiUri}/{path}");
}
