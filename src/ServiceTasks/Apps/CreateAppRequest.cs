namespace ServiceTasks.Apps;

internal sealed record CreateAppRequest(string? Name, string? CallbackUrl);
