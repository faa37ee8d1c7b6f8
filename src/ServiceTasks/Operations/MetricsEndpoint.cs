using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Prometheus;

namespace ServiceTasks.Operations;

/// <summary>Prometheus text at /metrics (prometheus-net's default registry), with the gauges refreshed per scrape.</summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddValidatedOptions<MetricsOptions>(MetricsOptions.Section);
        SuppressLibraryMeters();
        ServiceTaskMetrics.EnsureRegistered();
        return services;
    }

    private static bool _suppressed;

    // prometheus-net would also publish every .NET Meter, and Npgsql's label each series with its pool name: the
    // connection string's host, user and database. Only our own series and the process figures are published.
    private static void SuppressLibraryMeters()
    {
        if (_suppressed) return;
        _suppressed = true;
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true, SuppressEventCounters = true, SuppressDebugMetrics = true, SuppressProcessMetrics = false,
        });
    }

    public static WebApplication MapPrometheusMetrics(this WebApplication app)
    {
        var endpoint = app.MapGet(Path, Scrape).ExcludeFromDescription();
        if (app.Services.Options<MetricsOptions>().Value.RequireOperatorKey) endpoint.RequireAuthorization(Policies.Operator);
        return app;
    }

    private static async Task Scrape(
        HttpContext http, AppDbContext db, CurrentTenant tenant, JobStorage storage, IOptions<HangfireSettings> hangfire, CancellationToken ct)
    {
        // Cluster-wide figures: the counts cover every app, and carry no app label.
        tenant.UseAllApps();
        var counts = await db.ServiceTasks.AsNoTracking().GroupBy(t => t.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, ct);
        foreach (var status in ServiceTaskStatus.All)
            ServiceTaskMetrics.Tasks.WithLabels(status).Set(counts.GetValueOrDefault(status));

        var monitoring = storage.GetMonitoringApi();
        // An emptied queue drops out of Queues(), so the configured ones are always set, to 0 when absent.
        var lengths = monitoring.Queues().ToDictionary(q => q.Name, q => q.Length);
        foreach (var queue in hangfire.Value.QueueList.Union(lengths.Keys))
            ServiceTaskMetrics.QueueDepth.WithLabels(queue).Set(lengths.GetValueOrDefault(queue));
        ServiceTaskMetrics.ScheduledJobs.Set(monitoring.ScheduledCount());
        await ClusterGauges.RefreshAsync(db, monitoring, ct);

        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(http.Response.Body, ct);
    }
}
