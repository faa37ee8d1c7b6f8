using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>The benchmark's own load generator: concurrent loops of an operation, timing each call.</summary>
internal static class Load
{
    public static HttpClient Client(Uri baseAddress, string? key = null)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>POST /api/service-tasks for a MOCK service; throws unless the answer is 202.</summary>
    public static async Task EnqueueTaskAsync(HttpClient client, Guid serviceId, string instanceId)
    {
        using var response = await client.PostAsJsonAsync("/api/service-tasks",
            new { service_config_id = serviceId, instance_id = instanceId, task_id = "bench", input_data = new { n = 1 } });
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"Enqueue answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task GetOkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Runs <paramref name="operation"/> (given a sequence number) <paramref name="count"/> times over <paramref name="concurrency"/> loops.</summary>
    public static Task<LoadResult> CountAsync(int concurrency, int count, Func<int, Task> operation) =>
        RunAsync(concurrency, next => next < count, operation);

    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times, the n-th not before n ÷ <paramref name="perSecond"/> s.</summary>
    public static Task<LoadResult> PacedAsync(int concurrency, int count, double perSecond, Func<int, Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        return RunAsync(concurrency, next => next < count, async n =>
        {
            var due = TimeSpan.FromSeconds(n / perSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero) await Task.Delay(due);
            await operation(n);
        });
    }

    /// <summary>Runs <paramref name="operation"/> over <paramref name="concurrency"/> loops until <paramref name="duration"/> has passed.</summary>
    public static Task<LoadResult> ForAsync(int concurrency, TimeSpan duration, Func<int, Task> operation)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return RunAsync(concurrency, _ => Stopwatch.GetTimestamp() < deadline, operation);
    }

    private static async Task<LoadResult> RunAsync(int concurrency, Func<int, bool> more, Func<int, Task> operation)
    {
        var latencies = new ConcurrentBag<double>();
        var counter = -1;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var n = Interlocked.Increment(ref counter);
                if (!more(n)) return;
                var start = Stopwatch.GetTimestamp();
                await operation(n);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        await Task.WhenAll(loops);
        return new LoadResult(latencies.ToList(), clock.Elapsed);
    }
}

internal sealed record LoadResult(IReadOnlyList<double> LatenciesMs, TimeSpan Elapsed)
{
    public double PerSecond => LatenciesMs.Count / Elapsed.TotalSeconds;
    public double P(double percentile) => Series.Percentile(LatenciesMs, percentile);
}
