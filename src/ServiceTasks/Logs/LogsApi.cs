using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Logs;

internal static class LogsApi
{
    private static readonly TimeSpan DefaultStatsRange = TimeSpan.FromHours(24);

    public static RouteGroupBuilder MapLogs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/services").WithTags("Execution logs").RequireAuthorization(Policies.AppAdmin);
        group.MapGet("/logs", List).WithName("ListLogs").AllowOnlyQuery(LogQueryParameters.Names).ProducesProblems(400).WithSummary("List execution logs, newest first")
            .WithDescription("Filters: service_config_id, service_name (exact, ignoring case), status (SUCCESS, FAILED, " +
                "TIMEOUT, RUNNING: started and not finished yet, INTERRUPTED: its worker stopped before the outcome was recorded), instance_id, service_task_id, date_from (inclusive) and date_to (exclusive) as ISO 8601. " +
                "Pages by page/page_size, or by passing the answer's next_cursor as cursor, which continues strictly " +
                "after the last row seen even while new logs arrive (page is then ignored). A page by cursor answers the " +
                "total_count of its walk's first page (the rows the walk covers) unless its filters differ from that page's. " +
                $"total_count is exact up to {LogCount.Cap}; beyond that it is {LogCount.Cap} and total_count_capped is true.");
        group.MapGet("/logs/{id:long}", Get).WithName("GetLog").WithSummary("One execution log with its request and response data");
        group.MapGet("/stats", Stats).WithName("GetStats").ProducesProblems(400).WithSummary("Per-service execution figures and hourly counts by status")
            .WithDescription("date_from (inclusive) and date_to (exclusive) as ISO 8601; the default is the 24 hours " +
                "before date_to, which defaults to now. service_config_id and status filter as on the log list. " +
                "total counts every attempt; success_rate (0 to 1), avg_ms and p95_ms " +
                "(execution times) are of the attempts that finished with an answer, not of those running or interrupted.");
        return group;
    }

    private static async Task<Results<Ok<LogPageResponse>, ValidationProblem>> List(
        [AsParameters] LogQueryParameters query, Paging paging, AppDbContext db, IDataProtectionProvider protection,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filter = LogFilter.Parse(query, errors);
        LogCursor? cursor = null;
        if (query.Cursor is not null && (cursor = LogCursor.Decode(protection, query.Cursor)) is null)
            errors.Add("cursor", "is not a cursor this API issued; pass next_cursor unchanged.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var logs = filter.Apply(db.ServiceExecutionLogs.AsNoTracking());
        // A walk by cursor counts once, on its first page: the count is of the rows the walk covers, since it never
        // shows rows newer than where it began, and counting a large app again per page cost more than the page.
        var scope = filter.Scope(db.Tenant.AppUuid);
        var count = cursor is not null && cursor.Scope == scope ? new LogCount((int)cursor.TotalCount) : await LogCount.OfAsync(logs, ct);

        var ordered = logs.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id);
        var window = cursor is null
            ? ordered.Skip(paging.Skip)
            : ordered.Where(l => EF.Functions.LessThan(
                ValueTuple.Create(l.CreatedAt, l.Id), ValueTuple.Create(cursor.CreatedAt, cursor.Id)));
        // One row more than the page tells whether a next page exists without a second query.
        var rows = await window.Take(paging.PageSize + 1).Select(l => new LogSummaryResponse(
            l.Id, l.ServiceTaskId, l.ServiceConfigId, l.ServiceName, l.InstanceId, l.Status, l.ErrorMessage,
            l.ExecutionTimeMs, l.HttpStatusCode, l.RetryAttempt, l.CreatedAt, l.TraceId)).ToListAsync(ct);

        string? next = null;
        if (rows.Count > paging.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = new LogCursor(rows[^1].CreatedAt, rows[^1].Id, count.Counted, scope).Encode(protection);
        }
        return TypedResults.Ok(new LogPageResponse(rows, count.Total, count.Capped, paging.Page, paging.PageSize, next));
    }

    private static async Task<Results<Ok<LogDetailResponse>, NotFound>> Get(long id, AppDbContext db, CancellationToken ct)
    {
        var log = await db.ServiceExecutionLogs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        return log is null ? TypedResults.NotFound() : TypedResults.Ok(LogDetailResponse.From(log));
    }

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem>> Stats(
        [FromQuery(Name = "date_from")] string? dateFrom, [FromQuery(Name = "date_to")] string? dateTo,
        [FromQuery(Name = "service_config_id")] string? serviceConfigId, [FromQuery(Name = "status")] string? status,
        AppDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var from = QueryValues.Date(errors, "date_from", dateFrom);
        var to = QueryValues.Date(errors, "date_to", dateTo);
        QueryValues.Range(errors, from, to);
        var serviceId = QueryValues.Uuid(errors, "service_config_id", serviceConfigId);
        var wanted = LogFilter.ParseStatus(errors, status);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var end = to ?? DateTimeOffset.UtcNow;
        var start = from ?? end - DefaultStatsRange;
        if (start > end) return TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["date_from"] = ["must not be after date_to, which defaults to now."],
        });
        return TypedResults.Ok(await LogStats.QueryAsync(db, start, end, serviceId, wanted, ct));
    }
}
