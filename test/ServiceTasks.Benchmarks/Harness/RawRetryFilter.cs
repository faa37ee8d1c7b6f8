using Hangfire.Common;
using Hangfire.States;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>The baseline's retry: a failed <see cref="RawJobs.FailOnce"/> is rescheduled after its delay with ScheduledState.</summary>
internal sealed class RawRetryFilter : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState || context.BackgroundJob.Job.Method.Name != nameof(RawJobs.FailOnce)) return;
        if (context.GetJobParameter<int>("RetryCount") > 0) return;
        context.SetJobParameter("RetryCount", 1);
        context.CandidateState = new ScheduledState(TimeSpan.FromSeconds((int)context.BackgroundJob.Job.Args[0]!)) { Reason = "retry" };
    }
}
