using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>The product's console in its default JSON format: one object per log line, scopes in an array.</summary>
internal static class ConsoleJson
{
    /// <summary>The first start's operator key and its hint: printed straight to the console for an operator to copy, not logged.</summary>
    public static bool IsOperatorKeyPrint(string line) => line.StartsWith("Operator key: ") || line.StartsWith("  (shown once; ");

    public static JsonObject? TryParse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A log line at Error or Critical, in the JSON format or the simple one ("fail:", "crit:").</summary>
    public static bool IsErrorOrCritical(string line) =>
        line.StartsWith("fail:") || line.StartsWith("crit:")
        || TryParse(line)?["LogLevel"]?.GetValue<string>() is "Error" or "Critical";

    /// <summary>Every name/value pair of every scope of a line, later scopes winning.</summary>
    public static Dictionary<string, string> Scopes(JsonObject line)
    {
        var scopes = new Dictionary<string, string>();
        foreach (var scope in line["Scopes"]?.AsArray() ?? [])
            if (scope is JsonObject values)
                foreach (var (name, value) in values)
                    if (name != "Message" && value is not null) scopes[name] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        return scopes;
    }
}
