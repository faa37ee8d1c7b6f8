using Npgsql;

namespace ServiceTasks.Attempts;

/// <summary>
/// A transaction that PostgreSQL acknowledges before its WAL reaches the disk (<c>synchronous_commit</c> off for that
/// transaction alone): for the queue fetch and a worker's own state moves, which the cluster redoes if a database crash
/// loses them, as if the worker had stopped just before. The WAL is one ordered stream, so the next durable commit on
/// the job's path (the attempt's start, the task's outcome) flushes them with it; nothing durable ever follows one that
/// was lost. Each waited ~1 ms or more for the disk on the path from a task's enqueue to its attempt (docs/execution.md).
/// </summary>
internal static class UnflushedCommit
{
    private const string Sql = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>Makes the connection's current transaction commit without waiting for the disk.</summary>
    public static void Apply(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(Sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The same as the first command of a batch, which then runs as one transaction.</summary>
    public static NpgsqlBatchCommand First() => new(Sql);
}
