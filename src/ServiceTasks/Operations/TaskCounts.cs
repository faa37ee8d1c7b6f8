namespace ServiceTasks.Operations;

internal sealed record TaskCounts(int Pending, int Running, int WaitingRetry, int Completed, int Failed, int Cancelled);
