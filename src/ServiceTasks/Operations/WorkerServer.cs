namespace ServiceTasks.Operations;

internal sealed record WorkerServer(string Name, int Workers, IReadOnlyList<string> Queues, DateTime? Heartbeat);
