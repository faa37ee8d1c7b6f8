using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Operations;

/// <summary>
/// Jobs whose worker died put back at the front of their queue. Hangfire.PostgreSql hands a fetched job to another
/// worker once its fetchedat is older than the invisibility timeout, but it orders by fetchedat with never-fetched
/// jobs first: under a backlog that never empties, such a job would never run again. Clearing fetchedat makes it
/// "never fetched", and among those its older job id comes first. Only what Hangfire itself would hand over is
/// touched (fetchedat past the timeout: the sliding keep-alive stopped), and not even that while the server that runs
/// the job still heartbeats.
/// </summary>
internal sealed class OrphanedJobs(AppDbContext db, IOptions<HangfireSettings> settings, ILogger<OrphanedJobs> logger)
{
    private const int Batch = 500;

    // {0}: the invisibility timeout in seconds, {1}: the batch size.
    private const string Sql = $$"""
            UPDATE {{HangfireExtensions.Schema}}.jobqueue AS q SET fetchedat = NULL
            FROM (SELECT q2.id, q2.fetchedat, s.data ->> 'ServerId' AS server_id
                  FROM {{HangfireExtensions.Schema}}.jobqueue AS q2
                  LEFT JOIN {{HangfireExtensions.Schema}}.job AS j ON j.id = q2.jobid
                  LEFT JOIN {{HangfireExtensions.Schema}}.state AS s ON s.id = j.stateid AND j.statename = 'Processing'
                  WHERE q2.fetchedat < NOW() - make_interval(secs => {0})
                    AND NOT EXISTS (SELECT 1 FROM {{HangfireExtensions.Schema}}.server AS v
                                    WHERE v.id = s.data ->> 'ServerId' AND v.lastheartbeat > NOW() - make_interval(secs => {0}))
                  ORDER BY q2.fetchedat
                  LIMIT {1}
                  FOR UPDATE OF q2 SKIP LOCKED) AS o
            WHERE q.id = o.id AND q.fetchedat = o.fetchedat
            RETURNING q.jobid AS job_id, q.queue, o.fetchedat AS fetched_at, o.server_id
            """;

    public async Task<int> RequeueAsync()
    {
        var timeout = settings.Value.InvisibilityTimeoutSeconds;
        var orphans = await db.Database.SqlQueryRaw<OrphanedJob>(Sql, timeout, Batch).ToListAsync();
        foreach (var orphan in orphans)
            logger.LogWarning(
                "Job {JobId} on queue {Queue} was fetched at {FetchedAt:o} by server {ServerId}, which stopped renewing it (killed or " +
                "unreachable for over {Timeout} s); it goes back to the front of its queue", orphan.JobId, orphan.Queue,
                orphan.FetchedAt, orphan.ServerId ?? "unknown", timeout);
        return orphans.Count;
    }
}

/// <summary>A queue entry whose worker stopped renewing it, and the server it was Processing on, if it got that far.</summary>
internal sealed record OrphanedJob(long JobId, string Queue, DateTime FetchedAt, string? ServerId);
