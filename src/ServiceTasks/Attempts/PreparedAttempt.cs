namespace ServiceTasks.Attempts;

/// <summary>A task claimed by its job, with the configuration version it runs, before its attempt counts.</summary>
internal sealed record PreparedAttempt(ServiceTask Task, ServiceConfiguration Service);
