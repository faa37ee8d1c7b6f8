namespace ServiceTasks.Operations;

internal sealed record AppTaskCounts(Guid AppUuid, TaskCounts Counts);
