namespace ServiceTasks.Tests.Callbacks;

/// <summary>
/// The callback state a task shows before any delivery: a waiter woken by the task's completion reads the row in the
/// moment between the terminal move and the enqueue of its delivery job, and must not read "waiting" then.
/// </summary>
[TestClass]
public sealed class CallbackStatePlainTests
{
    [TestMethod]
    [DataRow(ServiceTaskStatus.Pending, null, "waiting")]
    [DataRow(ServiceTaskStatus.Running, null, "waiting")]
    [DataRow(ServiceTaskStatus.Completed, null, "scheduled")]
    [DataRow(ServiceTaskStatus.Failed, null, "scheduled")]
    [DataRow(ServiceTaskStatus.Cancelled, null, "scheduled")]
    [DataRow(ServiceTaskStatus.Completed, "42", "scheduled")]
    [DataRow(ServiceTaskStatus.Completed, CompletionCallbacks.NoCallback, "none")]
    public void Plain_ReadsTheStateFromStatusAndCallbackJob(string status, string? callbackJobId, string expected)
    {
        var task = new ServiceTask { InstanceId = "i", TaskId = "t", IdempotencyKey = "k", Status = status, CallbackJobId = callbackJobId };
        Assert.AreEqual(expected, CallbackStates.Plain(task));
    }
}
