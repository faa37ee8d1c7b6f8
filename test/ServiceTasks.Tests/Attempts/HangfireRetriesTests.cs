using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Attempts;

/// <summary>Both retry filters keep the dashboard's Retries page through the one shared helper.</summary>
[TestClass]
public sealed class HangfireRetriesTests
{
    private static JobStorage Storage => TestHost.Factory.Services.GetRequiredService<JobStorage>();

    [TestMethod]
    public void BothRetryFilters_ListARetryOnTheRetriesPage_CountIt_AndDropItWhenItLeavesTheSchedule()
    {
        var jobs = TestHost.Factory.Services.GetRequiredService<IBackgroundJobClient>();
        var taskJob = jobs.Schedule<ServiceTaskJob>(j => j.RunAsync(Guid.NewGuid(), null, CancellationToken.None), TimeSpan.FromDays(365));
        var callbackJob = jobs.Schedule<CallbackJob>(j => j.DeliverAsync(Guid.NewGuid(), Guid.NewGuid(), null), TimeSpan.FromDays(365));
        var taskFilter = new ServiceTaskRetryFilter(TestHost.Factory.Services.GetRequiredService<RetryWakeUps>());
        var callbackFilter = new CallbackRetryAttribute();

        var taskRetry = Elect(taskJob, taskFilter, new AttemptFailedException("HTTP 503", TimeSpan.FromSeconds(5), 1, 3));
        var callbackRetry = Elect(callbackJob, callbackFilter, new CallbackDeliveryException("HTTP 503"));
        Assert.AreEqual("Retry attempt 1 of 3: attempt 1 of 4 failed: HTTP 503", taskRetry.Reason);
        Assert.AreEqual("Retry attempt 1 of the callback: HTTP 503", callbackRetry.Reason);

        Change(taskJob, taskFilter, taskRetry, oldState: null);
        Change(callbackJob, callbackFilter, callbackRetry, oldState: null);
        using (var connection = Storage.GetConnection())
        {
            var retries = connection.GetAllItemsFromSet(HangfireRetries.RetriesSet);
            Assert.Contains(taskJob, retries);
            Assert.Contains(callbackJob, retries);
            Assert.AreEqual("1", connection.GetJobParameter(taskJob, "RetryCount"));
            Assert.AreEqual("1", connection.GetJobParameter(callbackJob, "RetryCount"));
        }

        Change(taskJob, taskFilter, new EnqueuedState(), oldState: ScheduledState.StateName);
        Change(callbackJob, callbackFilter, new EnqueuedState(), oldState: ScheduledState.StateName);
        using (var connection = Storage.GetConnection())
        {
            var retries = connection.GetAllItemsFromSet(HangfireRetries.RetriesSet);
            Assert.DoesNotContain(taskJob, retries);
            Assert.DoesNotContain(callbackJob, retries);
        }
    }

    private static IState Elect(string jobId, JobFilterAttribute filter, Exception failure)
    {
        using var connection = Storage.GetConnection();
        var data = connection.GetJobData(jobId);
        using var transaction = connection.CreateWriteTransaction();
        var context = new ElectStateContext(new ApplyStateContext(Storage, connection, transaction,
            new BackgroundJob(jobId, data.Job, data.CreatedAt), new FailedState(failure), ScheduledState.StateName));
        ((IElectStateFilter)filter).OnStateElection(context);
        return context.CandidateState;
    }

    /// <summary>Applies <paramref name="state"/> (null <paramref name="oldState"/>) or unapplies <paramref name="oldState"/>, as Hangfire's state machine calls the filter.</summary>
    private static void Change(string jobId, JobFilterAttribute filter, IState state, string? oldState)
    {
        using var connection = Storage.GetConnection();
        var data = connection.GetJobData(jobId);
        using var transaction = connection.CreateWriteTransaction();
        var context = new ApplyStateContext(Storage, connection, transaction, new BackgroundJob(jobId, data.Job, data.CreatedAt), state, oldState);
        if (oldState is null) ((IApplyStateFilter)filter).OnStateApplied(context, transaction);
        else ((IApplyStateFilter)filter).OnStateUnapplied(context, transaction);
        transaction.Commit();
    }
}
