using System.Text.Json.Nodes;

namespace ServiceTasks.Mocks;

/// <summary>
/// <c>{{input.path}}</c> in a mock's success_response takes its value from the task's input_data; the grammar is
/// <see cref="MockPlaceholders"/>, the one the configuration API validates against.
/// </summary>
internal static class Placeholders
{
    public static JsonNode? Fill(JsonNode? template, JsonNode? input) => template switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Fill(p.Value, input)))),
        JsonArray a => new JsonArray(a.Select(i => Fill(i, input)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var text) => FillText(text, input),
        _ => template?.DeepClone(),
    };

    private static JsonNode? FillText(string text, JsonNode? input)
    {
        var whole = MockPlaceholders.Pattern().Match(text);
        // A string that is only a placeholder takes the input's JSON value as is, so numbers stay numbers.
        if (whole.Success && whole.Value == text) return Lookup(input, whole.Groups["path"].Value)?.DeepClone();
        return JsonValue.Create(MockPlaceholders.Pattern().Replace(text, m => Lookup(input, m.Groups["path"].Value) switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            var node => node.ToJsonString(),
        }));
    }

    private static JsonNode? Lookup(JsonNode? input, string path)
    {
        var node = input;
        foreach (var name in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
        return node;
    }
}
