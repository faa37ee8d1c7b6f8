using System.Collections.Concurrent;
using System.Net;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static ServiceTasks.Tests.Callbacks.CallbackTesting;

namespace ServiceTasks.Tests.Callbacks;

[TestClass]
public sealed class CallbackRetryTests
{
    private static readonly DateTime First = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [TestMethod]
    public void Delay_Doubles_FromFiveSeconds_UpToTheCap()
    {
        var settings = new CallbacksOptions();
        var delays = Enumerable.Range(0, 12).Select(n => CallbackRetryAttribute.Delay(n, First, First.AddMinutes(1), settings)!.Value.TotalSeconds);

        CollectionAssert.AreEqual(new double[] { 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600 }, delays.ToArray());
        Assert.AreEqual(TimeSpan.FromHours(1), CallbackRetryAttribute.Delay(1000, First, First.AddMinutes(1), settings));
    }

    [TestMethod]
    public void Delay_StopsAtTheMaximumAge_AndNeverOvershootsIt()
    {
        var settings = new CallbacksOptions { MaxAgeHours = 24 };

        Assert.AreEqual(TimeSpan.FromMinutes(10), CallbackRetryAttribute.Delay(20, First, First.AddHours(24).AddMinutes(-10), settings));
        Assert.IsNull(CallbackRetryAttribute.Delay(20, First, First.AddHours(24), settings));
        Assert.IsNull(CallbackRetryAttribute.Delay(0, First, First.AddHours(30), settings));
    }

    [TestMethod]
    public void Delay_FollowsTheConfiguredFirstRetryAndCap()
    {
        var settings = new CallbacksOptions { FirstRetrySeconds = 1, MaxDelaySeconds = 3 };

        var delays = Enumerable.Range(0, 4).Select(n => CallbackRetryAttribute.Delay(n, First, First, settings)!.Value.TotalSeconds);

        CollectionAssert.AreEqual(new double[] { 1, 2, 3, 3 }, delays.ToArray());
    }

    /// <summary>Runs the filter's election on a real (never-run) job in the test host's Hangfire storage.</summary>
    private static IState Elect(string jobId, Exception failure)
    {
        var storage = TestHost.Factory.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        var data = connection.GetJobData(jobId);
        using var transaction = connection.CreateWriteTransaction();
        var background = new BackgroundJob(jobId, data.Job, data.CreatedAt);
        var context = new ElectStateContext(new ApplyStateContext(storage, connection, transaction, background,
            new FailedState(failure), ScheduledState.StateName));
        new CallbackRetryAttribute().OnStateElection(context);
        return context.CandidateState;
    }

    private static string ParkedJob()
    {
        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        return jobs.Schedule<CallbackJob>(j => j.DeliverAsync(Guid.NewGuid(), Guid.NewGuid(), null), TimeSpan.FromDays(365));
    }

    [TestMethod]
    public void Filter_ReschedulesAFailedDelivery_CountingRetries()
    {
        var jobId = ParkedJob();

        var first = Elect(jobId, new CallbackDeliveryException("HTTP 500"));
        var second = Elect(jobId, new CallbackDeliveryException("HTTP 500"));

        Assert.IsInstanceOfType<ScheduledState>(first);
        Assert.IsInstanceOfType<ScheduledState>(second);
        var gap = ((ScheduledState)second).EnqueueAt - ((ScheduledState)first).EnqueueAt;
        Assert.IsTrue(gap > TimeSpan.FromSeconds(4), $"The second retry waits longer than the first ({gap}).");
        StringAssert.StartsWith(second.Reason, "Retry attempt 2");
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.AreEqual("2", connection.GetJobParameter(jobId, "RetryCount"));
    }

    [TestMethod]
    public void Filter_LetsANonDeliverableCallbackFail()
    {
        var state = Elect(ParkedJob(), new CallbackNotDeliverableException("refused by the SSRF guard"));

        Assert.IsInstanceOfType<FailedState>(state);
    }

    [TestMethod]
    public async Task ThroughHangfire_AReceiverFailingTwice_IsRetriedWithBackoff_AndEveryAttemptIsRecorded()
    {
        await using var receiver = await LoopbackServer.StartAsync();
        receiver.Reply("/hook", new LoopbackResponse(500), new LoopbackResponse(500), new LoopbackResponse(200));
        var app = await TestHost.CreateAppAsync(callbackUrl: receiver.Url("/hook"));
        var task = await InsertTaskAsync(app.AppUuid);

        var jobId = CallbackJob.Enqueue(TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>(), task.Id);

        // Default settings: retries after 5 s and 10 s.
        var deliveries = await Eventually.WaitAsync(async () =>
        {
            await using var scope = TestHost.DbScope(out var db);
            return await db.CallbackDeliveries.Where(d => d.ServiceTaskId == task.Id).OrderBy(d => d.Attempt).ToListAsync();
        }, d => d.Any(x => x.Succeeded), TimeSpan.FromSeconds(90), "the callback to be delivered");

        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, deliveries.Select(d => d.Attempt).ToArray());
        CollectionAssert.AreEqual(new int?[] { 500, 500, 200 }, deliveries.Select(d => d.StatusCode).ToArray());
        Assert.HasCount(1, deliveries.Select(d => d.DeliveryId).Distinct());
        Assert.IsTrue(deliveries[1].CreatedAt - deliveries[0].CreatedAt >= TimeSpan.FromSeconds(4), "The first retry waits about 5 s.");
        Assert.IsTrue(deliveries[2].CreatedAt - deliveries[1].CreatedAt >= TimeSpan.FromSeconds(9), "The second retry waits about 10 s.");
        using var connection = TestHost.Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.AreEqual("2", connection.GetJobParameter(jobId, "RetryCount"));
        await Eventually.WaitAsync(() => Task.FromResult(connection.GetStateData(jobId)?.Name),
            s => s == SucceededState.StateName, TimeSpan.FromSeconds(30), "the job to succeed");
    }

    [TestMethod]
    public async Task GuardOn_APrivateCallbackUrl_IsRefusedWithoutConnecting_RecordedAndNotRetryable()
    {
        var dialled = new ConcurrentQueue<IPEndPoint>();
        var http = new GuardedHttpClient(new HttpClientOptions(), (endpoint, _) =>
        {
            dialled.Enqueue(endpoint);
            throw new InvalidOperationException("never dials");
        });
        var services = TestHost.Factory.Services;
        var job = new CallbackJob(services.GetRequiredService<IServiceScopeFactory>(), http, services.GetRequiredService<SecretProtector>(),
            Options.Create(new CallbacksOptions()), NullLogger<CallbackJob>.Instance);
        var app = await TestHost.CreateAppAsync(callbackUrl: "http://169.254.169.254/latest/meta-data");
        var task = await InsertTaskAsync(app.AppUuid);

        var error = await Assert.ThrowsExactlyAsync<CallbackNotDeliverableException>(() => job.DeliverAsync(task.Id, Guid.NewGuid(), null));

        Assert.Contains("refused by the SSRF guard", error.Message);
        Assert.IsEmpty(dialled);
        await using var scope = TestHost.DbScope(out var db);
        var delivery = await db.CallbackDeliveries.SingleAsync(d => d.ServiceTaskId == task.Id);
        Assert.IsFalse(delivery.Succeeded);
        Assert.Contains("refused by the SSRF guard", delivery.Error!);
    }
}
