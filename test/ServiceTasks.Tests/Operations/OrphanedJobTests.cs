using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Operations;

/// <summary>
/// Hangfire.PostgreSql fetches never-fetched jobs first, so a job whose worker died would wait for the whole backlog;
/// the sweep puts it back at the front of its queue, and leaves alone a job whose server is alive.
/// </summary>
[TestClass]
public sealed class OrphanedJobTests
{
    [TestMethod]
    public async Task Sweep_PutsAJobWhoseWorkerDiedBeforeTheBacklog_ButLeavesOneItsLiveServerRuns()
    {
        // A queue no server listens to, so only this test fetches from it.
        var queue = $"orphans_{Guid.NewGuid():N}"[..24];
        var services = TestHost.Factory.Services;
        var client = services.GetRequiredService<IBackgroundJobClient>();
        string Job() => client.Create<ServiceTaskJob>(j => j.RunAsync(Guid.NewGuid(), null, CancellationToken.None), new EnqueuedState(queue));
        var orphan = Job();
        var alive = Job();
        for (var i = 0; i < 3; i++) Job();

        await using (var scope = TestHost.DbScope(out var db))
        {
            var liveServer = await db.Database.SqlQuery<string>(
                $"SELECT id AS \"Value\" FROM hangfire.server ORDER BY lastheartbeat DESC LIMIT 1").SingleAsync();
            await FetchedLongAgoAsync(db, orphan, "dead-worker:1:0b5e");
            await FetchedLongAgoAsync(db, alive, liveServer);
        }

        await OutboxSweep.RunOnceAsync();

        using (var connection = services.GetRequiredService<JobStorage>().GetConnection())
        using (var first = connection.FetchNextJob([queue], CancellationToken.None))
        {
            Assert.AreEqual(orphan, first.JobId, "the orphan is fetched before the jobs that never were");
            first.RemoveFromQueue();
        }
        await using var check = TestHost.DbScope(out var after);
        Assert.AreEqual(1, await after.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM hangfire.jobqueue WHERE jobid = {long.Parse(alive)} AND fetchedat IS NOT NULL").SingleAsync(),
            "a job whose server still heartbeats is not taken from it");
    }

    /// <summary>Fetched an hour ago (far past the invisibility timeout) and Processing on <paramref name="server"/>.</summary>
    private static async Task FetchedLongAgoAsync(AppDbContext db, string jobId, string server)
    {
        var id = long.Parse(jobId);
        await db.Database.ExecuteSqlAsync($"UPDATE hangfire.jobqueue SET fetchedat = NOW() - interval '1 hour' WHERE jobid = {id}");
        await db.Database.ExecuteSqlAsync($"""
            WITH s AS (INSERT INTO hangfire.state (jobid, name, createdat, data)
                       VALUES ({id}, 'Processing', NOW(), jsonb_build_object('ServerId', {server}::text, 'WorkerId', 'w1'))
                       RETURNING id)
            UPDATE hangfire.job SET stateid = (SELECT id FROM s), statename = 'Processing' WHERE id = {id}
            """);
    }
}
