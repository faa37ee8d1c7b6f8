using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Callbacks;

/// <summary>Callback jobs wait on a queue of their own that every worker takes before the attempts' queue.</summary>
[TestClass]
public sealed class CallbackQueueTests
{
    [TestMethod]
    public async Task ACallbackJob_IsFetchedBeforeAttemptsEnqueuedEarlier_AndARequeueKeepsItOnItsQueue()
    {
        // A database of its own with Hangfire's storage and no server, so nothing but this test fetches.
        var connectionString = await TestDatabase.CreateAsync("cbqueue");
        var options = HangfireExtensions.StorageOptions(new HangfireSettings());
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        var client = new BackgroundJobClient(storage);
        for (var i = 0; i < 5; i++) client.Enqueue<ServiceTaskJob>(j => j.RunAsync(Guid.NewGuid(), null, CancellationToken.None));
        var callback = CallbackJob.Enqueue(client, Guid.NewGuid(), DateTimeOffset.UtcNow);

        using (var connection = storage.GetConnection())
        using (var fetched = connection.FetchNextJob(new HangfireSettings().QueueList, CancellationToken.None))
        {
            Assert.AreEqual(callback, fetched.JobId, "the callback overtakes the attempts waiting before it");
            fetched.RemoveFromQueue();
        }

        // A retry that falls due, or the sweep's requeue, enqueues the same job again: it stays on the callbacks' queue.
        client.ChangeState(callback, new EnqueuedState(), null);
        await using var db = TestDatabase.Context(connectionString);
        var queue = await db.Database.SqlQuery<string>($"SELECT queue AS \"Value\" FROM hangfire.jobqueue WHERE jobid = {long.Parse(callback)}").SingleAsync();
        Assert.AreEqual(CallbackJob.Queue, queue);
    }
}
