namespace ServiceTasks.Benchmarks.Harness;

/// <summary>Starts this executable as <c>--role raw-worker</c>: the baseline's Hangfire server in its own process.</summary>
internal static class RawWorker
{
    public static async Task<ChildProcess> StartAsync(string connectionString, HangfireKnobs knobs)
    {
        var child = ChildProcess.StartSelf(new Dictionary<string, string?> { ["BENCH_RAW_CONNECTION"] = connectionString },
            ["--role", "raw-worker", .. knobs.Arguments()]);
        await child.WaitForLineAsync(RawWorkerRole.ReadyLine);
        return child;
    }
}
