using System.Text.Json;

namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>What the demo RIS (scripts/demo/ris_listener.py) received, from its JSON-lines log.</summary>
internal static class RisLog
{
    /// <summary>The message with MSH-10 <paramref name="controlId"/> (segments separated by CR), or null.</summary>
    public static string? Find(string log, string controlId)
    {
        if (!File.Exists(log))
        {
            return null;
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
                return null; // the listener is still writing this line
            }

            using (json)
            {
                if (json.RootElement.GetProperty("controlId").GetString() == controlId)
                {
                    return json.RootElement.GetProperty("message").GetString();
                }
            }
        }

        return null;
    }
}
