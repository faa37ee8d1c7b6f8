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
        // The name is the newest row's, read for each service from its (app, service, created_at, id) index: carrying
        // every row's name into an ordered array_agg sorted the whole range once more (and spilled to disk at 33,000 rows).
        // A service belongs to one app, so grouping by both is grouping by the service, with its app at hand.
        var items = await db.Database.SqlQuery<ServiceStatsResponse>($"""
            SELECT a.service_config_id,
                   (SELECT l.service_name FROM service_execution_logs AS l
                    WHERE l.app_uuid = a.app_uuid AND l.service_config_id = a.service_config_id
                      AND l.created_at >= {from} AND l.created_at < {to} AND ({anyStatus} OR l.status = {status})
                    ORDER BY l.created_at DESC, l.id DESC
                    LIMIT 1) AS service_name,
                   a.total, a.succeeded, a.failed, a.timed_out, a.interrupted, a.running,
                   coalesce(a.succeeded::float8 / NULLIF(a.succeeded + a.failed + a.timed_out, 0), 0) AS success_rate,
                   a.avg_ms, a.p95ms
            FROM (SELECT app_uuid, service_config_id,
                         count(*) AS total,
                         count(*) FILTER (WHERE status = 'SUCCESS') AS succeeded,
                         count(*) FILTER (WHERE status = 'FAILED') AS failed,
                         count(*) FILTER (WHERE status = 'TIMEOUT') AS timed_out,
                         count(*) FILTER (WHERE status = 'INTERRUPTED') AS interrupted,
                         count(*) FILTER (WHERE status = 'RUNNING') AS running,
                         coalesce(avg(execution_time_ms) FILTER (WHERE status IN ('SUCCESS', 'FAILED', 'TIMEOUT'))::float8, 0) AS avg_ms,
                         coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms)
                                  FILTER (WHERE status IN ('SUCCESS', 'FAILED', 'TIMEOUT')), 0) AS p95ms
                  FROM service_execution_logs
                  WHERE ({all} OR app_uuid = {app}) AND created_at >= {from} AND created_at < {to}
                    AND ({anyService} OR service_config_id = {serviceId}) AND ({anyStatus} OR status = {status})
                  GROUP BY app_uuid, service_config_id) AS a
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
