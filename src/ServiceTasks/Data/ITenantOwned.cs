namespace ServiceTasks.Data;

/// <summary>A row that belongs to one app; <see cref="AppDbContext"/> scopes every query of it to the caller's app.</summary>
internal interface ITenantOwned
{
    Guid AppUuid { get; }
}
