using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

internal static class TasksApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.AddScoped<TaskEnqueuer>();
        services.AddScoped<TaskCancellation>();
        services.AddSingleton<ConnectionBoundJobs>();
        services.AddSingleton<TaskCompletionSignals>();
        services.AddHostedService<TaskCompletionListener>();
        return services;
    }

    public static RouteGroupBuilder MapTasks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/service-tasks").WithTags("Service tasks").RequireAuthorization(Policies.AppReader);
        group.MapPost("/", Enqueue).WithName("EnqueueTask")
            .WithSummary("Enqueue a service task (202; 200 for a replay of the same idempotency key)")
            .WithIdempotencyKey().ProducesProblems(400, 404, 413, 422);
        group.MapGet("/", List).WithName("ListTasks").WithSummary("List tasks, newest first")
            .WithDescription("Filters: instance_id, task_id, status, service_config_id, service_name (the service's current " +
                "name, ignoring case), created_from (inclusive) and created_to (exclusive) as ISO 8601. Pages by page/page_size, " +
                "or by passing next_cursor back as cursor. Any other query parameter is a 400.")
            .AllowOnlyQuery(TaskQueryParameters.Names).ProducesProblems(400);
        group.MapGet("/{id:guid}", Get).WithName("GetTask").WithSummary("A task with its attempts and callback deliveries")
            .WithDescription("wait_seconds (0 to 60) holds the answer until the task is COMPLETED, FAILED or CANCELLED, or until " +
                "the time runs out, then answers the task as it is.")
            .AllowOnlyQuery(TaskWait.Parameter).WithIntegerQuery(TaskWait.Parameter, 0, TaskWait.MaxSeconds).ProducesProblems(400, 404);
        group.MapTaskActions();
        return group;
    }

    private static async Task<Results<Accepted<TaskResponse>, Ok<TaskResponse>, ProblemHttpResult, ValidationProblem>> Enqueue(
        EnqueueTaskRequest request, HttpContext http, TaskEnqueuer enqueuer, CurrentTenant tenant)
    {
        var errors = TaskRequestValidation.Validate(request, http.Request.Headers[IdempotencyHeader], out var key);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (tenant.AppUuid is not { } app)
            return TypedResults.Problem($"Operators enqueue for one app: send {AuthExtensions.OperatorAppHeader}.", statusCode: 400);

        var (outcome, task) = await enqueuer.EnqueueAsync(app, request, key);
        return outcome switch
        {
            EnqueueOutcome.Created => TypedResults.Accepted($"/api/service-tasks/{task!.Id}", TaskResponse.From(task)),
            EnqueueOutcome.Replayed => TypedResults.Ok(TaskResponse.From(task!)),
            EnqueueOutcome.KeyConflict => TypedResults.Problem(
                "This idempotency key was already used with a different body.", statusCode: 422),
            EnqueueOutcome.UnknownService => TypedResults.Problem("No such service in this app.", statusCode: 404),
            _ => TypedResults.Problem("The service is inactive.", statusCode: 422),
        };
    }

    private static async Task<Results<Ok<TaskPageResponse>, ValidationProblem>> List(
        [AsParameters] TaskQueryParameters query, Paging paging, AppDbContext db, JobStorage storage,
        IDataProtectionProvider protection, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filter = TaskFilter.Parse(query, errors);
        TaskCursor? cursor = null;
        if (query.Cursor is not null && (cursor = TaskCursor.Decode(protection, query.Cursor)) is null)
            errors.Add("cursor", "is not a cursor this API issued; pass next_cursor unchanged.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var tasks = filter.Apply(db.ServiceTasks.AsNoTracking(), db.ServiceConfigurations.AsNoTracking());
        // As in the logs: a walk by cursor counts once, on its first page, the rows the walk covers.
        var scope = filter.Scope(db.Tenant.AppUuid);
        var total = cursor is not null && cursor.Scope == scope ? (int)cursor.TotalCount : await tasks.CountAsync(ct);
        var ordered = tasks.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id);
        var window = cursor is null
            ? ordered.Skip(paging.Skip)
            : ordered.Where(t => EF.Functions.LessThan(
                ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(cursor.CreatedAt, cursor.Id)));
        var rows = await window.Take(paging.PageSize + 1).ToListAsync(ct);

        string? next = null;
        if (rows.Count > paging.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = new TaskCursor(rows[^1].CreatedAt, rows[^1].Id, total, scope).Encode(protection);
        }
        var callbacks = await CallbackStates.OfAsync(db, storage, rows);
        return TypedResults.Ok(new TaskPageResponse(
            [.. rows.Select(t => TaskResponse.From(t, callbacks.TryGetValue(t.Id, out var c) ? c : null))], total, paging.Page, paging.PageSize, next));
    }

    private static async Task<Results<Ok<TaskResponse>, NotFound, ValidationProblem>> Get(
        Guid id, [FromQuery(Name = TaskWait.Parameter)] string? waitSeconds, AppDbContext db, JobStorage storage,
        TaskCompletionSignals signals, TimeProvider clock, CancellationToken aborted)
    {
        var errors = new FieldErrors();
        if (TaskWait.Parse(errors, waitSeconds) is not { } wait) return TypedResults.ValidationProblem(errors.ToDictionary());
        var task = await TaskWait.ReadAsync(db, storage, signals, id, wait, clock, aborted);
        return task is null ? TypedResults.NotFound() : TypedResults.Ok(task);
    }
}
