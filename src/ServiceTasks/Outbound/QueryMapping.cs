using System.Text.Json;
using System.Text.Json.Nodes;
using Flurl;

namespace ServiceTasks.Outbound;

/// <summary>REAL services: how GET and DELETE carry input_data's top-level fields in the query string.</summary>
internal static class QueryMapping
{
    public static void Append(Url url, JsonNode? input)
    {
        if (input is null) return;
        if (input is not JsonObject fields)
            throw new InvalidServiceConfigurationException(
                $"input_data must be a JSON object for a GET or DELETE service, not {input.GetValueKind()}.");

        foreach (var (name, value) in fields)
        {
            if (value is JsonArray items)
            {
                foreach (var item in items)
                    if (Format(item) is { } text) url.AppendQueryParam(name, text);
            }
            else if (Format(value) is { } text)
            {
                url.AppendQueryParam(name, text);
            }
        }
    }

    /// <summary>Strings and numbers as they are, booleans as true/false, null left out, anything else as JSON.</summary>
    public static string? Format(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.ToJsonString(),
        _ => value.ToJsonString(),
    };
}
