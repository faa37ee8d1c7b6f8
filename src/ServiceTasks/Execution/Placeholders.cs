using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServiceTasks.Execution;

/// <summary><c>{{input.path}}</c> in a mock's success_response takes its value from the task's input_data.</summary>
public static partial class Placeholders
{
    [GeneratedRegex(@"\{\{\s*input((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\}\}")]
    public static partial Regex Pattern();

    [GeneratedRegex(@"\{\{(?<body>.*?)\}\}")]
    private static partial Regex AnyPlaceholder();

    /// <summary>Every <c>{{...}}</c> in the text that is not a well-formed <c>{{input.a.b}}</c>.</summary>
    public static IEnumerable<string> Malformed(string text) =>
        AnyPlaceholder().Matches(text).Select(m => m.Value).Where(v => !Pattern().IsMatch(v) || Pattern().Match(v).Value != v);

    public static JsonNode? Fill(JsonNode? template, JsonNode? input) => template switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Fill(p.Value, input)))),
        JsonArray a => new JsonArray(a.Select(i => Fill(i, input)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var text) => FillText(text, input),
        _ => template?.DeepClone(),
    };

    private static JsonNode? FillText(string text, JsonNode? input)
    {
        var whole = Pattern().Match(text);
        // A string that is only a placeholder takes the input's JSON value as is, so numbers stay numbers.
        if (whole.Success && whole.Value == text) return Lookup(input, whole.Groups[1].Value)?.DeepClone();
        return JsonValue.Create(Pattern().Replace(text, m => Lookup(input, m.Groups[1].Value) switch
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
