using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tasks;

/// <summary>A hash of an enqueue request that is equal for bodies equal as JSON (member order does not matter).</summary>
public static class RequestFingerprint
{
    public static string Of(Guid serviceId, string instanceId, string taskId, JsonNode? input, string? callbackUrl)
    {
        var canonical = new JsonArray(serviceId.ToString(), instanceId, taskId, Canonical(input), callbackUrl).ToJsonString();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
    }

    public static string DefaultKey(string instanceId, string taskId) =>
        "auto:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId}\0{taskId}"))).ToLowerInvariant();

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
