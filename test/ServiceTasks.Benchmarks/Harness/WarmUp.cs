using System.Diagnostics;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// Warms one side up with rounds of the work it is about to be measured on, until its JIT has gone quiet: two
/// rounds in a row in which no process of the side (this one included: it runs the side's client) spent more than
/// 2 % of the round compiling. A fixed warm-up was not enough for the product: at 15 s its api still spent most of a
/// core in the JIT through the first measured run, while raw Hangfire's much smaller path had long finished.
/// </summary>
internal static class WarmUp
{
    private const double QuietShare = 0.02;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// <paramref name="round"/> runs one round (given the count of warm-up tasks before it, for unique ids), waits for
    /// its tasks to finish, and answers how many it ran. The quick mode runs one round. Answers the warm-up's task count.
    /// </summary>
    public static async Task<int> UntilCompiledAsync(FigureContext context, string side, IEnumerable<int> pids, Func<int, Task<int>> round)
    {
        var watches = pids.Append(Environment.ProcessId).Distinct().Select(JitWatch.Start).ToList();
        try
        {
            var (tasks, quietRounds, clock) = (0, 0, Stopwatch.StartNew());
            for (var rounds = 1; ; rounds++)
            {
                var before = watches.Select(w => w.TotalMs).ToList();
                var roundClock = Stopwatch.StartNew();
                tasks += await round(tasks);
                var shares = watches.Select((w, i) => (w.TotalMs - before[i]) / roundClock.Elapsed.TotalMilliseconds).ToList();
                quietRounds = shares.All(s => s <= QuietShare) ? quietRounds + 1 : 0;
                if (context.Quick || quietRounds == 2 || clock.Elapsed > Limit)
                {
                    FigureContext.Say($"{side} warm-up: {tasks} tasks in {rounds} rounds, {clock.Elapsed.TotalSeconds:F0} s; " +
                                      $"JIT share of the last round {string.Join(", ", shares.Select(s => $"{s:P1}"))}" +
                                      (quietRounds == 2 ? "" : context.Quick ? " (quick: one round)" : " (stopped at the limit)"));
                    return tasks;
                }
            }
        }
        finally
        {
            foreach (var watch in watches) watch.Dispose();
        }
    }
}
