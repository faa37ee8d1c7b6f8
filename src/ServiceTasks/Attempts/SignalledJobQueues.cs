using Hangfire.PostgreSql;
using Hangfire.States;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Attempts;

/// <summary>
/// Puts <see cref="SignalledJobQueue"/> in place of Hangfire.PostgreSql's queue for every queue this product uses, on
/// the host's storage and on each storage bound to one of our connections (<c>ConnectionBoundJobs</c>), so every
/// enqueue notifies and every fetch waits for a permit. A job put in some other queue is still stored and fetched by
/// the library's own queue, and found by the queue poll.
/// </summary>
internal sealed class SignalledJobQueues(NewJobSignal signal, IConfiguration configuration, IOptions<HangfireSettings> settings)
{
    private readonly string[] _names =
        [.. settings.Value.QueueList.Append(EnqueuedState.DefaultQueue).Distinct(StringComparer.OrdinalIgnoreCase)];

    public NewJobSignal Signal => signal;
    public string ConnectionString { get; } = configuration.GetConnectionString(DataExtensions.ConnectionName)!;
    public PostgreSqlStorageOptions Options { get; } = HangfireExtensions.StorageOptions(settings.Value);

    /// <summary>False when long polling is switched off: nothing notifies, nothing listens, workers poll the queue.</summary>
    public bool Notify => settings.Value.EnableLongPolling;

    /// <summary>The queue row, and with <see cref="Notify"/> its notification, in one statement ($1 job id, $2 queue).</summary>
    public string EnqueueSql { get; } = settings.Value.EnableLongPolling
        ? $"""
           WITH queued AS (INSERT INTO "{HangfireExtensions.Schema}"."jobqueue" ("jobid", "queue") VALUES ($1, $2) RETURNING "jobid")
           SELECT pg_notify('{NewJobSignal.Channel}', "jobid"::text) FROM queued
           """
        : $"""INSERT INTO "{HangfireExtensions.Schema}"."jobqueue" ("jobid", "queue") VALUES ($1, $2)""";

    /// <summary>Hangfire.PostgreSql's fetch: the oldest visible row of the queues in $1, taken and marked fetched.</summary>
    public string FetchSql { get; } = $"""
        UPDATE "{HangfireExtensions.Schema}"."jobqueue" SET "fetchedat" = NOW()
        WHERE "id" = (
            SELECT "id" FROM "{HangfireExtensions.Schema}"."jobqueue"
            WHERE "queue" = ANY ($1)
              AND ("fetchedat" IS NULL OR "fetchedat" < NOW() - INTERVAL '{settings.Value.InvisibilityTimeoutSeconds} SECONDS')
            ORDER BY "fetchedat" NULLS FIRST, "queue", "jobid"
            FOR UPDATE SKIP LOCKED
            LIMIT 1)
        RETURNING "id", "jobid", "queue", "fetchedat"
        """;

    public PostgreSqlStorage InstallOn(PostgreSqlStorage storage)
    {
        storage.QueueProviders.Add(new Provider(storage, this), _names);
        return storage;
    }

    // Hangfire.PostgreSql asks for one provider instance across all the queues a server fetches from.
    private sealed class Provider(PostgreSqlStorage storage, SignalledJobQueues queues) : IPersistentJobQueueProvider
    {
        public IPersistentJobQueue GetJobQueue() => new SignalledJobQueue(storage, queues);

        // Built only when asked: a provider is installed on the storage of every enqueue, and only dashboards ask.
        public IPersistentJobQueueMonitoringApi GetJobQueueMonitoringApi() =>
            new Monitoring(new PostgreSqlJobQueueProvider(storage, queues.Options).GetJobQueueMonitoringApi());
    }

    // The library's monitoring reads the queue table itself. The default provider, which stays registered, already
    // lists every queue found there, so this one lists none: listed twice, each queue would show twice on the
    // dashboard and in /metrics. Asked about one queue, it answers as the library does.
    private sealed class Monitoring(IPersistentJobQueueMonitoringApi library) : IPersistentJobQueueMonitoringApi
    {
        public IEnumerable<string> GetQueues() => [];

        public IEnumerable<long> GetEnqueuedJobIds(string queue, int from, int perPage) => library.GetEnqueuedJobIds(queue, from, perPage);

        public IEnumerable<long> GetFetchedJobIds(string queue, int from, int perPage) => library.GetFetchedJobIds(queue, from, perPage);

        public EnqueuedAndFetchedCountDto GetEnqueuedAndFetchedCount(string queue) => library.GetEnqueuedAndFetchedCount(queue);
    }
}
