using Hangfire;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// <c>--role raw-worker</c>: a plain Hangfire server on the given database with the given knobs, the baseline's worker
/// process. Prints "raw-worker ready" once it serves, and stops on SIGTERM or when its standard input closes.
/// </summary>
internal static class RawWorkerRole
{
    public const string ReadyLine = "raw-worker ready";

    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("BENCH_RAW_CONNECTION")
            ?? throw new InvalidOperationException("BENCH_RAW_CONNECTION is not set.");
        var knobs = HangfireKnobs.FromArguments(args);
        RawJobs.ConnectionString = connectionString;
        var storage = knobs.Storage(connectionString);
        // As in the product: no AutomaticRetry; the figure's own retry filter decides.
        GlobalJobFilters.Filters.Remove(typeof(AutomaticRetryAttribute));
        GlobalJobFilters.Filters.Add(new RawRetryFilter());

        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using (new BackgroundJobServer(new BackgroundJobServerOptions
               {
                   WorkerCount = knobs.WorkerCount,
                   SchedulePollingInterval = TimeSpan.FromMilliseconds(knobs.SchedulePollMs),
                   ShutdownTimeout = TimeSpan.FromSeconds(10),
               }, storage))
        {
            Console.WriteLine(ReadyLine);
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
        }
        return 0;
    }
}
