using System.Globalization;
using System.Transactions;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Npgsql;
using IsolationLevel = System.Transactions.IsolationLevel;

namespace ServiceTasks.Attempts;

/// <summary>
/// Hangfire's state changer, with every move to Enqueued (a retry's wake-up, the schedule poll, a requeue) made inside
/// one transaction of ours on one connection. Hangfire.PostgreSql's job lock is a row it inserts and deletes on the
/// connection it is given, so here the lock's release commits with the enqueue. Left to Hangfire, the release came
/// after that commit: the worker its NOTIFY woke often found the job still locked, and Hangfire.PostgreSql's lock tries
/// again only a second later (docs/benchmarks.md, P3). Meanwhile anyone else asking for the lock waits on the
/// uncommitted row's key, as on a held lock, and then finds the job Enqueued.
/// </summary>
internal sealed class LockReleasedInCommitStateChanger(IJobFilterProvider filters, ConnectionBoundJobs jobsOn, IConfiguration configuration)
    : IBackgroundJobStateChanger
{
    private readonly BackgroundJobStateChanger _inner = new(filters);
    private readonly string _connectionString = configuration.GetConnectionString(DataExtensions.ConnectionName)!;

    public IState? ChangeState(StateChangeContext context)
    {
        // Any other state, or a change inside a transaction of the caller's: the caller's commit decides.
        if (context.NewState is not EnqueuedState || context.Transaction is not null || Transaction.Current is not null)
            return _inner.ChangeState(context);

        using var transaction = new TransactionScope(TransactionScopeOption.Required,
            new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted });
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        connection.EnlistTransaction(Transaction.Current);
        var current = CurrentStateLocked(connection, context.BackgroundJobId);
        IState? applied = null;
        if (current is null || context.ExpectedStates is not { } expected || expected.Contains(current, StringComparer.OrdinalIgnoreCase))
        {
            var storage = jobsOn.StorageOn(connection);
            using var hangfire = storage.GetConnection();
            applied = _inner.ChangeState(new StateChangeContext(
                storage, hangfire, context.BackgroundJobId, context.NewState, context.ExpectedStates, context.CancellationToken));
        }
        else if (string.Equals(current, context.NewState.Name, StringComparison.OrdinalIgnoreCase))
        {
            // Moved by another just now: reported as done, since it is. Told "not applied", Hangfire's schedule poll
            // would take the job's lock to tidy a schedule entry the first mover already removed, and meet the worker.
            applied = context.NewState;
        }
        transaction.Complete();
        return applied;
    }

    /// <summary>
    /// The job's state, read with its row locked before its Hangfire lock is asked for; null for a job not found (or an
    /// id not ours), left to Hangfire. Two movers at once (the wake-up and the schedule poll both find a job due) queue
    /// here on the row, and the second, reading after the first's commit, finds the job Enqueued without touching the
    /// lock: had it taken the lock to find that out, the worker the first one woke would meet it there.
    /// </summary>
    private static string? CurrentStateLocked(NpgsqlConnection connection, string jobId)
    {
        if (!long.TryParse(jobId, CultureInfo.InvariantCulture, out var id)) return null;
        using var read = new NpgsqlCommand($"SELECT statename FROM {HangfireExtensions.Schema}.job WHERE id = $1 FOR UPDATE", connection);
        read.Parameters.AddWithValue(id);
        return read.ExecuteScalar() as string;
    }
}
