namespace ServiceTasks.Services;

/// <summary>
/// How to run one kind of service task: a REAL HTTP call or a MOCK simulation, with its retry policy and limits.
/// The settings are inherited; this adds what the server manages. A record only to share them: EF tracks entities
/// by reference, and nothing here compares two rows by value.
/// </summary>
internal sealed record ServiceConfiguration : ServiceSettings, ITenantOwned
{
    public Guid Id { get; set; }
    public Guid AppUuid { get; set; }
    public int Version { get; set; } = 1;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
