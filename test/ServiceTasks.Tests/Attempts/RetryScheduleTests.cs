
namespace ServiceTasks.Tests.Attempts;

[TestClass]
public sealed class RetryScheduleTests
{
    private static readonly RetryPolicy Policy = new() { InitialDelaySeconds = 2, Multiplier = 2, MaxDelaySeconds = 30, Jitter = "none" };
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow(0, 2.0)]
    [DataRow(1, 4.0)]
    [DataRow(3, 16.0)]
    [DataRow(4, 30.0)]
    [DataRow(9, 30.0)]
    public void Delay_WithoutJitter_GrowsByTheMultiplierUpToTheMaximum(int retry, double seconds) =>
        Assert.AreEqual(seconds, RetrySchedule.Delay(Policy, retry, null, 0.5).TotalSeconds, 1e-9);

    [TestMethod]
    public void Delay_WithFullJitter_IsDrawnBetweenZeroAndTheCeiling()
    {
        var full = Policy with { Jitter = "full" };
        Assert.AreEqual(0, RetrySchedule.Delay(full, 2, null, 0).TotalSeconds, 1e-9);
        Assert.AreEqual(4, RetrySchedule.Delay(full, 2, null, 0.5).TotalSeconds, 1e-9);
    }

    [TestMethod]
    public void Delay_WithRetryAfter_WaitsAtLeastThatButNoMoreThanMaxDelay()
    {
        Assert.AreEqual(10, RetrySchedule.Delay(Policy with { Jitter = "full" }, 0, TimeSpan.FromSeconds(10), 0).TotalSeconds, 1e-9);
        Assert.AreEqual(30, RetrySchedule.Delay(Policy, 0, TimeSpan.FromHours(1), 0).TotalSeconds, 1e-9);
    }

    [TestMethod]
    public void Decide_NonRetryableFailure_FailsAtOnce()
    {
        var decision = RetrySchedule.Decide(Policy, 0, 5, Failure(retryable: false), Created, Created, 0.5);
        Assert.IsNull(decision.Delay);
    }

    [TestMethod]
    public void Decide_AfterMaxRetries_Fails_AndBeforeItRetries()
    {
        Assert.IsNotNull(RetrySchedule.Decide(Policy, 2, 3, Failure(true), Created, Created, 0.5).Delay);
        StringAssert.Contains(RetrySchedule.Decide(Policy, 3, 3, Failure(true), Created, Created, 0.5).FailureMessage, "4 attempts");
    }

    [TestMethod]
    public void Decide_WhenTheNextAttemptWouldPassTheDeadline_Fails()
    {
        var decision = RetrySchedule.Decide(Policy with { DeadlineSeconds = 5 }, 1, 5, Failure(true), Created, Created.AddSeconds(2), 0.5);
        StringAssert.Contains(decision.FailureMessage, "deadline of 5 s");
    }

    private static AttemptResult Failure(bool retryable) =>
        new() { Status = ExecutionStatus.Failed, Retryable = retryable, ErrorMessage = "boom" };
}
