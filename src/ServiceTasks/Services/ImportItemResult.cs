namespace ServiceTasks.Services;

internal sealed record ImportItemResult(int Index, string ServiceName, string Action, Guid? Id);
