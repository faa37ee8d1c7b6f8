using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ServiceTasks.Attempts;

/// <summary>Configuration versions are immutable once written, so each process reads each one from the database once.</summary>
internal sealed class ServiceVersions(AppDbContext db, IMemoryCache cache)
{
    public async Task<ServiceConfiguration?> FindAsync(Guid serviceId, int version)
    {
        var key = (nameof(ServiceVersions), serviceId, version);
        if (cache.TryGetValue(key, out ServiceConfiguration? cached)) return cached;

        var row = await db.ServiceConfigurationVersions.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(v => v.ServiceConfigId == serviceId && v.Version == version);
        if (row is null) return null;
        var service = ServiceSnapshot.Read(row);
        cache.Set(key, service, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(30), Size = 1 });
        return service;
    }
}
