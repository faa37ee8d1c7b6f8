using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Attempts;

/// <summary>
/// A worker's moves of a job (to Processing, and from Processing to the outcome) take Hangfire's state lock, write the
/// state and release the lock in one commit, as a move to Enqueued does; a change that may start from any state (a
/// cancel's Delete) stays Hangfire's own, with its lock taken and released in commits of their own. The fetch and the
/// worker's moves, which the cluster redoes if a database crash loses them, commit without waiting for the disk; the
/// enqueue that the API acknowledges does wait. Each test runs a host of its own, alone: Hangfire.NetCore hands a
/// starting host its storage through statics, so two hosts starting at once can take each other's.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class StateLockCommitTests
{
    [ClassInitialize]
    public static void StartSharedHostFirst(TestContext context) => _ = TestHost.Factory;

    [TestMethod]
    public async Task AWorkersMovesToProcessingAndToTheOutcome_TakeAndReleaseTheJobLockInTheCommitThatWritesTheState()
    {
        var database = await TestDatabase.CreateAsync("statelock");
        await CommitAudit.WaitForTheDiskByDefaultAsync(database); // before the host connects
        await using var host = new ServiceTasksFactory(database).Start();
        await CommitAudit.InstallAsync(database);
        var app = await host.CreateAppAsync(await host.CreateKeyAsync(Roles.Operator, appUuid: null));
        var service = await TestServices.CreateAsync(app, s => s.MockDefinition = TestServices.AlwaysSucceeds());
        using var engine = app.Engine();

        var id = await TestServices.EnqueueAsync(engine, service.Id);
        await TestServices.WaitForStatusAsync(engine, id, "COMPLETED");
        var jobId = await TestServices.HangfireJobIdAsync(id, host);
        var states = await Eventually.WaitAsync(() => CommitAudit.StatesAsync(database, jobId),
            s => s.Any(x => x.State == SucceededState.StateName), TimeSpan.FromSeconds(30), "the job's move to Succeeded");

        CollectionAssert.AreEqual(new[] { EnqueuedState.StateName, ProcessingState.StateName, SucceededState.StateName },
            states.Select(s => s.State).ToArray());
        Assert.IsFalse(states[0].LockedInItsCommit, "a new job's first state needs no lock");
        Assert.IsTrue(states[1].LockedInItsCommit, "the move to Processing locked and released in its own commit");
        Assert.IsTrue(states[2].LockedInItsCommit, "the move to Succeeded locked and released in its own commit");
        Assert.IsTrue(states[0].Durable, "the enqueue the API answered 202 for waited for the disk");
        Assert.IsFalse(states[1].Durable, "the move to Processing did not wait for the disk");
        Assert.IsFalse(states[2].Durable, "the move to Succeeded did not wait for the disk");
        var fetches = await CommitAudit.FetchesDurableAsync(database, jobId);
        Assert.IsNotEmpty(fetches, "the job was fetched");
        Assert.IsTrue(fetches.All(durable => !durable), "the fetch did not wait for the disk");
    }

    [TestMethod]
    public async Task DeletingAScheduledJob_IsHangfiresOwnChange_WithTheLockReleasedAfterTheStateCommits()
    {
        var database = await TestDatabase.CreateAsync("statelock");
        await using var host = new ServiceTasksFactory(database).Start();
        await CommitAudit.InstallAsync(database);
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Schedule(() => Console.WriteLine("never run"), TimeSpan.FromHours(1));

        Assert.IsTrue(jobs.Delete(jobId));

        var states = await CommitAudit.StatesAsync(database, jobId);
        CollectionAssert.AreEqual(new[] { ScheduledState.StateName, DeletedState.StateName }, states.Select(s => s.State).ToArray());
        Assert.IsFalse(states[1].LockedInItsCommit,
            "a change from any state takes the lock in a commit of its own, so it never holds the lock while an enqueue holds the job's row");
    }
}
