namespace ServiceTasks.Auth;

internal sealed record KeyResponse(
    Guid Id, Guid? AppUuid, string Role, string Name, string Prefix,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? Key)
{
    /// <param name="key">Only in the answer that creates it; storage has just the hash.</param>
    public static KeyResponse From(ApiKey k, string? key = null) =>
        new(k.Id, k.AppUuid, k.Role, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt, key);
}
