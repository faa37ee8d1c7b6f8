using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Data;

internal sealed class AppDbContext(DbContextOptions<AppDbContext> options, CurrentTenant tenant)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<App> Apps => Set<App>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ServiceConfiguration> ServiceConfigurations => Set<ServiceConfiguration>();
    public DbSet<ServiceConfigurationVersion> ServiceConfigurationVersions => Set<ServiceConfigurationVersion>();
    public DbSet<ServiceTask> ServiceTasks => Set<ServiceTask>();
    public DbSet<ServiceExecutionLog> ServiceExecutionLogs => Set<ServiceExecutionLog>();
    public DbSet<CallbackDelivery> CallbackDeliveries => Set<CallbackDelivery>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public CurrentTenant Tenant => tenant;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        ScopeToTenant<ServiceConfiguration>(modelBuilder);
        ScopeToTenant<ServiceConfigurationVersion>(modelBuilder);
        ScopeToTenant<ServiceTask>(modelBuilder);
        ScopeToTenant<ServiceExecutionLog>(modelBuilder);
        ScopeToTenant<CallbackDelivery>(modelBuilder);
    }

    // The one place that scopes tenant rows: EF re-reads the tenant fields per query, so a
    // feature cannot forget the app filter. IgnoreQueryFilters() is the explicit way out.
    private void ScopeToTenant<T>(ModelBuilder modelBuilder) where T : class, ITenantOwned =>
        modelBuilder.Entity<T>().HasQueryFilter(e => tenant.AllApps || e.AppUuid == tenant.AppUuid);
}
