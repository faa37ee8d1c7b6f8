namespace ServiceTasks.Attempts;

/// <summary>An attempt that has started: the task as it was, the configuration version it runs, and its number from 0.</summary>
internal sealed record StartedAttempt(ServiceTask Task, ServiceConfiguration Service, int AttemptIndex);
