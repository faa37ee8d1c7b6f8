namespace ServiceTasks.Auth;

internal sealed class ApiKey
{
    public Guid Id { get; set; }

    /// <summary>Null for operator keys, which belong to the cluster rather than an app.</summary>
    public Guid? AppUuid { get; set; }

    public required string Role { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, kept so people can tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole key; the key itself is never stored.</summary>
    public required string KeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
