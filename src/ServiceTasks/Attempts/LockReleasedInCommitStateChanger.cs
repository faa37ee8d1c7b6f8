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
        IState? applied = null;
        if (IsStillExpected(connection, context))
        {
            var storage = jobsOn.StorageOn(connection);
            using var hangfire = storage.GetConnection();
            applied = _inner.ChangeState(new StateChangeContext(
                storage, hangfire, context.BackgroundJobId, context.NewState, context.ExpectedStates, context.CancellationToken));
        }
        transaction.Complete();
        return applied;
    }

    /// <summary>
    /// Whether the job is still in a state the caller expects, read with its row locked before its Hangfire lock is asked
    /// for. Two movers at once (the wake-up and the schedule poll both find a job due) queue here on the job's row, and
    /// the second, reading after the first's commit, finds the job Enqueued and leaves without touching the lock: had it
    /// taken the lock to find that out, the worker the first one woke would meet it there.
    /// </summary>
    private static bool IsStillExpected(NpgsqlConnection connection, StateChangeContext context)
    {
        if (!long.TryParse(context.BackgroundJobId, CultureInfo.InvariantCulture, out var id)) return true;
        using var read = new NpgsqlCommand($"SELECT statename FROM {HangfireExtensions.Schema}.job WHERE id = $1 FOR UPDATE", connection);
        read.Parameters.AddWithValue(id);
        var state = read.ExecuteScalar() as string;
        return state is not null && (context.ExpectedStates is not { } expected || expected.Contains(state, StringComparer.OrdinalIgnoreCase));
    }
}
