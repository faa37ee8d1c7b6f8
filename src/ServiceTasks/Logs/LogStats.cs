using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Logs;

/// <summary>
/// Per-service figures and hourly counts, aggregated by PostgreSQL. Raw SQL because EF has no translation for
/// percentile_cont or date_trunc; both statements are parameterised (FormattableString).
/// </summary>
internal static class LogStats
{
    public static async Task<StatsResponse> QueryAsync(
        AppDbContext db, DateTimeOffset from, DateTimeOffset to, Guid? serviceId, string? status, CancellationToken ct)
    {
        // The global query filter does NOT apply to raw SQL, so each statement states the tenant condition itself,
        // the same one the filter uses: the caller's app, or every app for an operator without X-App-Uuid.
        // With no tenant at all, app = NULL matches nothing.
        var all = db.Tenant.AllApps;
        var app = db.Tenant.AppUuid;
        // The same service and status filters as the log list, so a chart beside the list counts the list's rows.
        var anyService = serviceId is null;
        var anyStatus = status is null;

        // Column names follow the model's snake_case convention for the result type (P95Ms is p95ms to it).
        // Rates and times are of the attempts that finished with an answer: a RUNNING row has none yet, and an
        // INTERRUPTED one never got one (its worker stopped), so neither says anything about the service.
        var items = await db.Database.SqlQuery<ServiceStatsResponse>($"""
            SELECT service_config_id,
                   (array_agg(service_name ORDER BY created_at DESC, id DESC))[1] AS service_name,
                   count(*) AS total,
                   count(*) FILTER (WHERE status = 'SUCCESS') AS succeeded,
                   count(*) FILTER (WHERE status = 'FAILED') AS failed,
                   count(*) FILTER (WHERE status = 'TIMEOUT') AS timed_out,
                   count(*) FILTER (WHERE status = 'INTERRUPTED') AS interrupted,
                   count(*) FILTER (WHERE status = 'RUNNING') AS running,
                   coalesce((count(*) FILTER (WHERE status = 'SUCCESS'))::float8
                            / NULLIF(count(*) FILTER (WHERE status IN ('SUCCESS', 'FAILED', 'TIMEOUT')), 0), 0) AS success_rate,
                   coalesce(avg(execution_time_ms) FILTER (WHERE status IN ('SUCCESS', 'FAILED', 'TIMEOUT'))::float8, 0) AS avg_ms,
                   coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms)
                            FILTER (WHERE status IN ('SUCCESS', 'FAILED', 'TIMEOUT')), 0) AS p95ms
            FROM service_execution_logs
            WHERE ({all} OR app_uuid = {app}) AND created_at >= {from} AND created_at < {to}
              AND ({anyService} OR service_config_id = {serviceId}) AND ({anyStatus} OR status = {status})
            GROUP BY service_config_id
            ORDER BY 2, 1
            """).ToListAsync(ct);

        var hourly = await db.Database.SqlQuery<HourlyCountResponse>($"""
            SELECT date_trunc('hour', created_at, 'UTC') AS hour, status, count(*) AS count
            FROM service_execution_logs
            WHERE ({all} OR app_uuid = {app}) AND created_at >= {from} AND created_at < {to}
              AND ({anyService} OR service_config_id = {serviceId}) AND ({anyStatus} OR status = {status})
            GROUP BY 1, 2
            ORDER BY 1, 2
            """).ToListAsync(ct);

        return new StatsResponse(from, to, items, hourly);
    }
}
