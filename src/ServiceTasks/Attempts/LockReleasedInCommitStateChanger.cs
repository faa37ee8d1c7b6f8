using System.Globalization;
using System.Transactions;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Npgsql;
using IsolationLevel = System.Transactions.IsolationLevel;

namespace ServiceTasks.Attempts;

/// <summary>
/// Hangfire's state changer, with moves to Enqueued and a worker's own moves each made inside one transaction of ours
/// on one connection. Hangfire.PostgreSql's job lock is a row it inserts and deletes on the connection it is given, so
/// here the lock is taken, the state written and the lock released in one commit. Left to Hangfire, each of the three
/// committed on its own: three commits for every move, and a worker woken by an enqueue's NOTIFY often found the job
/// still locked, which Hangfire.PostgreSql's lock tries again only a second later (docs/execution.md). Anyone else
/// asking for the lock meanwhile waits on the uncommitted row's key, as on a held lock, and then finds the job's new
/// state. A worker's move, which the cluster redoes if it is lost, does not wait for the disk (<see cref="UnflushedCommit"/>);
/// a move to Enqueued may be an operator's requeue, so it does.
/// </summary>
internal sealed class LockReleasedInCommitStateChanger(IJobFilterProvider filters, ConnectionBoundJobs jobsOn, IConfiguration configuration)
    : IBackgroundJobStateChanger
{
    private readonly BackgroundJobStateChanger _inner = new(filters);
    private readonly string _connectionString = configuration.GetConnectionString(DataExtensions.ConnectionName)!;

    public IState? ChangeState(StateChangeContext context)
    {
        if (!InOwnTransaction(context)) return _inner.ChangeState(context);

        using var transaction = new TransactionScope(TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted });
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        connection.EnlistTransaction(Transaction.Current);
        IState? applied;
        if (context.NewState is EnqueuedState) applied = Enqueue(connection, context);
        else
        {
            UnflushedCommit.Apply(connection);
            applied = Apply(connection, context);
        }
        transaction.Complete();
        return applied;
    }

    /// <summary>
    /// Moves to Enqueued, and a worker's own two moves: to Processing, and from Processing to the run's outcome.
    /// A worker's move takes Hangfire's lock before it writes the job's row, as Hangfire does, while an enqueue holds
    /// the row first (<see cref="Enqueue"/>). The two meet only over a job that is Scheduled and still has a queue
    /// entry, which Hangfire's worker also runs (a worker stopped between rescheduling the job and deleting its entry,
    /// and the entry became visible again); PostgreSQL then finds the deadlock within a second and aborts one of them,
    /// and Hangfire retries a worker's move, the schedule poll an enqueue's. A change that may start from any state (a
    /// cancel's Delete, the dashboard) stays Hangfire's own, with the lock in commits of its own, so it never holds the
    /// lock while an enqueue holds the row. So do a change inside a transaction of the caller's, Hangfire's last-resort
    /// move to Failed (filters off), and a move that carries what the run left for filters or completes a queue entry:
    /// only Hangfire can build those contexts.
    /// </summary>
    private static bool InOwnTransaction(StateChangeContext context) =>
        context is { Transaction: null, CompleteJob: null, DisableFilters: false, CustomData: null or { Count: 0 } }
        && Transaction.Current is null
        && (context.NewState is EnqueuedState or ProcessingState || IsFromProcessingOnly(context.ExpectedStates));

    private static bool IsFromProcessingOnly(IEnumerable<string>? expected) =>
        expected?.ToList() is { Count: > 0 } states
        && states.TrueForAll(s => string.Equals(s, ProcessingState.StateName, StringComparison.OrdinalIgnoreCase));

    private IState? Apply(NpgsqlConnection connection, StateChangeContext context)
    {
        var storage = jobsOn.StorageOn(connection);
        using var hangfire = storage.GetConnection();
        var onOurs = new StateChangeContext(
            storage, hangfire, null, context.BackgroundJobId, context.NewState, context.ExpectedStates, context.CancellationToken)
            { ServerId = context.ServerId };
        var applied = _inner.ChangeState(onOurs);
        context.ProcessedJob = onOurs.ProcessedJob; // the worker runs the job it read, without reading it again
        return applied;
    }

    /// <summary>
    /// A move to Enqueued first reads the job's state with its row locked. Two movers at once (the wake-up and the
    /// schedule poll both find a job due) queue here on the row, and the second, reading after the first's commit,
    /// finds the job Enqueued without touching the lock: had it taken the lock to find that out, the worker the first
    /// one woke would meet it there. It reports the move done, since it is: told "not applied", Hangfire's schedule
    /// poll would take the job's lock to tidy a schedule entry the first mover already removed, and meet the worker.
    /// A job not found (or an id not ours) is left to Hangfire.
    /// </summary>
    private IState? Enqueue(NpgsqlConnection connection, StateChangeContext context)
    {
        var current = CurrentStateLocked(connection, context.BackgroundJobId);
        if (current is null || context.ExpectedStates is not { } expected || expected.Contains(current, StringComparer.OrdinalIgnoreCase))
            return Apply(connection, context);
        return string.Equals(current, context.NewState.Name, StringComparison.OrdinalIgnoreCase) ? context.NewState : null;
    }

    private static string? CurrentStateLocked(NpgsqlConnection connection, string jobId)
    {
        if (!long.TryParse(jobId, CultureInfo.InvariantCulture, out var id)) return null;
        using var read = new NpgsqlCommand($"SELECT statename FROM {HangfireExtensions.Schema}.job WHERE id = $1 FOR UPDATE", connection);
        read.Parameters.AddWithValue(id);
        return read.ExecuteScalar() as string;
    }
}
