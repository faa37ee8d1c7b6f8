using System.Text;
using System.Text.Json;

namespace ServiceTasks.Hosting;

/// <summary>
/// Finds the first JSON string or member name whose escapes make text PostgreSQL cannot store and .NET cannot read:
/// a NUL (<c>\u0000</c>) or a lone or reversed surrogate (<c>\ud800</c>, <c>\udc00\ud800</c>). Unescaped, such
/// characters are already invalid UTF-8 or invalid JSON, so only escaped tokens are decoded. Malformed JSON is left
/// to the deserializer, which names what is wrong with it.
/// </summary>
internal static class JsonTextScan
{
    private sealed class Level(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Name { get; set; }
    }

    public static (string Field, string Message)? FindBadText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        var levels = new List<Level>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject or JsonTokenType.EndArray)
                    && levels.Count > 0 && levels[^1].IsArray)
                    levels[^1].Index++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        levels[^1].Name = null;
                        if (Problem(ref reader) is { } nameProblem) return (PathOf(levels), $"has a member name that {nameProblem}");
                        levels[^1].Name = reader.GetString();
                        break;
                    case JsonTokenType.String:
                        if (Problem(ref reader) is { } valueProblem) return (PathOf(levels), valueProblem);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        levels.Add(new Level(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        levels.RemoveAt(levels.Count - 1);
                        break;
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static string? Problem(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return null;
        try
        {
            return reader.GetString()!.Contains('\0') ? "holds a NUL character (\\u0000)." : null;
        }
        catch (InvalidOperationException)
        {
            return "holds a lone or reversed UTF-16 surrogate escape.";
        }
    }

    /// <summary>"input_data.items[2].name" in the API's member names; the whole body is "body".</summary>
    private static string PathOf(List<Level> levels)
    {
        var path = new StringBuilder();
        foreach (var level in levels)
        {
            if (level.IsArray && level.Index >= 0) path.Append('[').Append(level.Index).Append(']');
            else if (!level.IsArray && level.Name is not null) path.Append(path.Length == 0 ? "" : ".").Append(level.Name);
        }
        return path.Length == 0 ? "body" : path.ToString();
    }
}
