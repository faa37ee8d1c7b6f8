using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tasks;

/// <summary>A hash of an enqueue request that is equal for bodies equal as JSON (member order does not matter).</summary>
internal static class RequestFingerprint
{
    /// <summary>
    /// The body as sent: the service as the client named it (id or name), not the row it resolved to, so a replay is
    /// recognised without the service, after it was renamed or deleted.
    /// </summary>
    public static string Of(EnqueueTaskRequest request, JsonNode? input) => Hash(new JsonArray(
        "body", request.ServiceConfigId?.ToString(), request.ServiceName, request.InstanceId, request.TaskId, Canonical(input), request.CallbackUrl));

    /// <summary>
    /// What tasks enqueued by earlier versions hold: the resolved service id in place of the name or id sent. Such a
    /// task is a replay when the rest is equal and the request does not name another service by id.
    /// </summary>
    public static bool IsEarlierReplay(ServiceTask task, EnqueueTaskRequest request, JsonNode? input) =>
        (request.ServiceConfigId is null || request.ServiceConfigId == task.ServiceConfigId)
        && task.RequestHash == Hash(new JsonArray(
            task.ServiceConfigId.ToString(), request.InstanceId, request.TaskId, Canonical(input), request.CallbackUrl));

    public static string DefaultKey(string instanceId, string taskId) =>
        "auto:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId}\0{taskId}"))).ToLowerInvariant();

    private static string Hash(JsonArray canonical) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString()))).ToLowerInvariant();

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
