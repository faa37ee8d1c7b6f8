namespace ServiceTasks.Operations;

internal sealed record WorkersResponse(bool Paused, IReadOnlyList<WorkerServer>? Servers, TaskCounts Total, IReadOnlyList<AppTaskCounts> PerApp);
