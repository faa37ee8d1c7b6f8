using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Reliability;

/// <summary>What a crash run left behind, read from the database, the downstream API and the callback receiver.</summary>
internal sealed record CrashReport(
    int Terminal, IReadOnlyList<Guid> TasksWithAttemptsUnlike, int UnloggedCalls, IReadOnlyList<Guid> FailedAfter2xx,
    int ChargedForInterrupted, int Interrupted, IReadOnlySet<string> InterruptedAttempts, double OrphanDelayMaxSeconds,
    double CallbackP50Seconds, double CallbackP95Seconds, int DownstreamCalls, int KeysOfNoTask)
{
    private const int MaxRetries = 3;

    public static async Task<CrashReport> BuildAsync(FaultCluster cluster, IdempotentApi api, CallbackClock callbacks,
        IReadOnlyList<(DateTimeOffset KilledAt, long LogId)> orphans)
    {
        await using var db = TestDatabase.Context(cluster.ConnectionString);
        db.Tenant.UseAllApps();
        var tasks = await db.ServiceTasks.AsNoTracking()
            .Select(t => new { t.Id, t.Status, t.Attempts, t.CompletedAt }).ToListAsync();
        var rows = (await db.ServiceExecutionLogs.AsNoTracking()
                .Select(l => new { l.Id, l.ServiceTaskId, l.Status, l.RetryAttempt, l.CreatedAt }).ToListAsync())
            .ToLookup(l => l.ServiceTaskId!.Value);
        var answers = api.Answers;

        // Every call of a task, re-runs included, carries the task's id as its Idempotency-Key.
        var keysOfNoTask = answers.Keys.Count(k => !Guid.TryParse(k, out var id) || tasks.All(t => t.Id != id));
        var terminal = tasks.Count(t => ServiceTaskStatus.IsTerminal(t.Status));
        var unlike = tasks.Where(t => t.Attempts != rows[t.Id].Count()).Select(t => t.Id).ToList();
        var unlogged = tasks.Sum(t => Math.Max(0, (answers.TryGetValue(t.Id.ToString(), out var a) ? a.Length : 0) - rows[t.Id].Count()));
        var failed = tasks.Where(t => t.Status == ServiceTaskStatus.Failed).ToList();
        var failedAfter2xx = failed.Where(t => answers.TryGetValue(t.Id.ToString(), out var a) && a.Contains(200)).Select(t => t.Id).ToList();
        var charged = failed.Count(t => rows[t.Id].Count(r => r.Status != ExecutionStatus.Interrupted) < MaxRetries + 1);
        var interrupted = rows.SelectMany(g => g).Where(r => r.Status == ExecutionStatus.Interrupted).ToList();

        var byId = rows.SelectMany(g => g).ToDictionary(r => r.Id);
        // A row read as RUNNING just after the kill can still be finished by the victim's last commit, sent before it
        // died and applied by PostgreSQL after: that attempt ended on its own. An orphan is one a re-run interrupted.
        var delays = orphans.Where(o => byId[o.LogId].Status == ExecutionStatus.Interrupted).Select(o =>
        {
            var row = byId[o.LogId];
            var rerun = rows[row.ServiceTaskId!.Value].Where(r => r.RetryAttempt > row.RetryAttempt).Min(r => (DateTimeOffset?)r.CreatedAt);
            return ((rerun ?? DateTimeOffset.MaxValue) - o.KilledAt).TotalSeconds;
        }).ToList();
        var callbackDelays = tasks.Where(t => t.CompletedAt is not null && callbacks.FirstArrivals.ContainsKey(t.Id))
            .Select(t => (callbacks.FirstArrivals[t.Id] - t.CompletedAt!.Value).TotalSeconds).Order().ToList();

        return new CrashReport(terminal, unlike, unlogged, failedAfter2xx, charged, interrupted.Count,
            interrupted.Select(r => $"{r.ServiceTaskId}/{r.RetryAttempt}").ToHashSet(), delays.DefaultIfEmpty(0).Max(),
            Percentile(callbackDelays, 0.5), Percentile(callbackDelays, 0.95), api.Calls, keysOfNoTask);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    public override string ToString() =>
        $"terminal {Terminal}; tasks with attempts != rows {TasksWithAttemptsUnlike.Count}; downstream calls {DownstreamCalls}, " +
        $"without a row {UnloggedCalls}; FAILED after a 2xx {FailedAfter2xx.Count}; charged for an interruption {ChargedForInterrupted}; " +
        $"interrupted attempts {Interrupted}; orphan re-run delay max {OrphanDelayMaxSeconds:F1} s; " +
        $"callback after completion p50 {CallbackP50Seconds:F2} s, p95 {CallbackP95Seconds:F2} s";
}
