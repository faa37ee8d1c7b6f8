using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Hosting;

/// <summary>JSON merge patch (RFC 7396) over the API's own JSON shape, so a patch is validated like a full body.</summary>
internal static class MergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="current"/> as JSON and reads the result back.</summary>
    /// <exception cref="RequestValidationException">The patch is not an object, or the result does not fit <typeparamref name="T"/>.</exception>
    public static T Apply<T>(T current, JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
            throw new RequestValidationException("body", "must be a JSON object (a merge patch).");

        var merged = Merge(JsonSerializer.SerializeToNode(current, JsonDefaults.Options), JsonNode.Parse(patch.GetRawText()));
        try
        {
            return merged.Deserialize<T>(JsonDefaults.Options)!;
        }
        catch (JsonException e)
        {
            var field = e.Path is null or "$" ? "body" : e.Path.TrimStart('$', '.');
            throw new RequestValidationException(field, "has the wrong type or is not a known member.");
        }
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else
            {
                var existing = result[name];
                var merged = Merge(existing, value);
                if (!ReferenceEquals(merged, existing)) result[name] = merged;
            }
        }
        return result;
    }
}
