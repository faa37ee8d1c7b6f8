using System.Collections.Concurrent;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// A downstream API as docs/execution.md asks of one: it answers in 0–300 ms, fails one call in five with 500, and
/// remembers the 200 it gave for an Idempotency-Key, so a repeated request gets the original answer.
/// </summary>
internal sealed class IdempotentApi
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Per Idempotency-Key (the service task id), the statuses answered, in order.</summary>
    public IReadOnlyDictionary<string, int[]> Answers => _answers.ToDictionary(a => a.Key, a => a.Value.ToArray());

    public LoopbackResponse Answer(LoopbackRequest request, int call)
    {
        Interlocked.Increment(ref _calls);
        var key = request.Header("Idempotency-Key") ?? "";
        var answers = _answers.GetOrAdd(key, _ => new());
        var status = answers.Contains(200) || Random.Shared.NextDouble() >= 0.2 ? 200 : 500;
        answers.Enqueue(status);
        var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 301));
        return (status == 200 ? LoopbackResponse.Json(new { ok = true, key }) : LoopbackResponse.Text("busy", 500)) with { Delay = delay };
    }
}
