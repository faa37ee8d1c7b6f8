namespace ServiceTasks.Tasks;

/// <summary>
/// What an instance-wide cancel did: <c>cancelled</c> PENDING tasks became CANCELLED at once, <c>cancel_requested</c>
/// RUNNING ones were asked to stop; <c>tasks</c> shows each of them as it is now.
/// </summary>
internal sealed record CancelInstanceResponse(string InstanceId, int Cancelled, int CancelRequested, IReadOnlyList<TaskResponse> Tasks);
