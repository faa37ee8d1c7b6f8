using System.Data;
using System.Globalization;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ServiceTasks.Attempts;

/// <summary>
/// Hangfire.PostgreSql's job queue with one change to how workers wait (<see cref="NewJobSignal"/>). The rows, the
/// fetch (the oldest visible row, taken FOR UPDATE SKIP LOCKED), the sliding invisibility and the fetched job are the
/// library's own: <see cref="PostgreSqlFetchedJob"/> heartbeats, deletes and requeues the row as it always does.
/// </summary>
internal sealed class SignalledJobQueue(PostgreSqlStorage storage, SignalledJobQueues queues) : IPersistentJobQueue
{
    // The notification carries the job id: PostgreSQL folds identical notifications of one transaction into one, and
    // a resume enqueues 500 jobs in one transaction.
    public void Enqueue(IDbConnection connection, string queue, string jobId)
    {
        using var command = ((NpgsqlConnection)connection).CreateCommand();
        command.CommandText = queues.EnqueueSql;
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = long.Parse(jobId, CultureInfo.InvariantCulture) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.ExecuteNonQuery();
    }

    public IFetchedJob Dequeue(string[] queueNames, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryFetch(queueNames) is { } job) return job;
            queues.Signal.Wait(queues.Options.QueuePollInterval, cancellationToken);
        }
    }

    // One statement after the setting, one transaction that does not wait for the disk (UnflushedCommit): the library
    // wraps its fetch in BEGIN and COMMIT, which buy nothing for a single UPDATE … RETURNING.
    private PostgreSqlFetchedJob? TryFetch(string[] queueNames)
    {
        using var connection = new NpgsqlConnection(queues.ConnectionString);
        connection.Open();
        using var batch = new NpgsqlBatch(connection) { BatchCommands = { UnflushedCommit.First(), new NpgsqlBatchCommand(queues.FetchSql) } };
        batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter<string[]>
            { TypedValue = queueNames, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        using var reader = batch.ExecuteReader();
        reader.NextResult();
        if (!reader.Read()) return null;
        return new PostgreSqlFetchedJob(storage, reader.GetInt64(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
            reader.GetString(2), reader.GetDateTime(3));
    }
}
