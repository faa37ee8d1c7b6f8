using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Reliability;

/// <summary>A callback receiver that notes when the first callback of each task arrived.</summary>
internal sealed class CallbackClock
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _first = new();

    public int Count => _first.Count;

    public IReadOnlyDictionary<Guid, DateTimeOffset> FirstArrivals => _first;

    public LoopbackResponse Record(LoopbackRequest request, int call)
    {
        var taskId = Guid.Parse(JsonNode.Parse(request.Body)!["service_task_id"]!.GetValue<string>());
        _first.TryAdd(taskId, DateTimeOffset.UtcNow);
        return new LoopbackResponse(204);
    }
}
