using System.Text.Json;

namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>What the demo RIS (scripts/demo/ris_listener.py) received, from its JSON-lines log.</summary>
internal static class RisLog
{
    /// <summary>The message with MSH-10 <paramref name="controlId"/> (segments separated by CR), or null.</summary>
    public static string? Find(string log, string controlId) => Messages(log).FirstOrDefault(m => m.ControlId == controlId).Message;

    /// <summary>Every message received so far (a line still being written ends the list), with its MSH-10.</summary>
    public static IReadOnlyList<(string ControlId, string Message)> Messages(string log)
    {
        var messages = new List<(string, string)>();
        if (!File.Exists(log))
        {
            return messages;
        }

        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                return messages; // the listener is still writing this line
            }

            using (json)
            {
                messages.Add((json.RootElement.GetProperty("controlId").GetString() ?? string.Empty, json.RootElement.GetProperty("message").GetString() ?? string.Empty));
            }
        }

        return messages;
    }
}
