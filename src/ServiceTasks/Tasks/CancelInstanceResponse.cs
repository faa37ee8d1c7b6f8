namespace ServiceTasks.Tasks;

/// <summary>
/// What an instance-wide cancel did: <c>cancelled_count</c> tasks were cancelled, PENDING ones at once and RUNNING ones
/// asked to stop (<c>cancel_requested</c>); <c>tasks</c> shows each as it is now.
/// </summary>
internal sealed record CancelInstanceResponse(string InstanceId, int CancelledCount, IReadOnlyList<TaskResponse> Tasks);
