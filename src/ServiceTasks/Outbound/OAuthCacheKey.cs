namespace ServiceTasks.Outbound;

internal readonly record struct OAuthCacheKey(Guid AppUuid, string SecretHash, string TokenUrl, string ClientId, string? Scope);
