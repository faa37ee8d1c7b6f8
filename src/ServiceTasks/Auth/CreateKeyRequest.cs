namespace ServiceTasks.Auth;

internal sealed record CreateKeyRequest(string? Role, string? Name);
