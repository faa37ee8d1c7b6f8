using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

internal static class TasksApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IServiceCollection AddTasks(this IServiceCollection services)
    {
        services.AddScoped<TaskEnqueuer>();
        services.AddSingleton<ConnectionBoundJobs>();
        return services;
    }

    public static RouteGroupBuilder MapTasks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/service-tasks").WithTags("Service tasks").RequireAuthorization(Policies.AppReader);
        group.MapPost("/", Enqueue).WithSummary("Enqueue a service task (202; 200 for a replay of the same idempotency key)");
        group.MapGet("/", List).WithSummary("List tasks, newest first");
        group.MapGet("/{id:guid}", Get).WithSummary("A task with its attempts and callback deliveries");
        group.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Cancel a PENDING task, or ask a RUNNING one to stop");
        group.MapPost("/{id:guid}/retry", Retry).WithSummary("Run a FAILED task again with a fresh retry budget");
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

    private static async Task<Ok<PagedList<TaskResponse>>> List(
        Paging paging, AppDbContext db, JobStorage storage, string? instance_id, string? status, string? service_config_id)
    {
        var query = db.ServiceTasks.AsNoTracking();
        if (instance_id is not null) query = query.Where(t => t.InstanceId == instance_id);
        if (status is not null)
        {
            var wanted = TaskRequestValidation.Status(status);
            query = query.Where(t => t.Status == wanted);
        }
        if (service_config_id is not null)
        {
            var serviceId = TaskRequestValidation.Uuid("service_config_id", service_config_id);
            query = query.Where(t => t.ServiceConfigId == serviceId);
        }
        var page = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToPageAsync(paging, t => t);
        var callbacks = await CallbackStates.OfAsync(db, storage, page.Items);
        return TypedResults.Ok(new PagedList<TaskResponse>(
            [.. page.Items.Select(t => TaskResponse.From(t, callbacks.TryGetValue(t.Id, out var c) ? c : null))],
            page.TotalCount, page.Page, page.PageSize));
    }

    private static async Task<Results<Ok<TaskResponse>, NotFound>> Get(Guid id, AppDbContext db, JobStorage storage)
    {
        var task = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id);
        if (task is null) return TypedResults.NotFound();
        var executions = await db.ServiceExecutionLogs.AsNoTracking().Where(l => l.ServiceTaskId == id)
            .OrderBy(l => l.RetryAttempt).ThenBy(l => l.Id).Select(l => TaskAttemptSummary.From(l)).ToListAsync();
        var deliveries = await db.CallbackDeliveries.AsNoTracking().Where(d => d.ServiceTaskId == id)
            .OrderBy(d => d.Id).Select(d => CallbackDeliveryResponse.From(d)).ToListAsync();
        var callback = (await CallbackStates.OfAsync(db, storage, [task])).TryGetValue(id, out var c) ? c : ((string, string?)?)null;
        return TypedResults.Ok(TaskResponse.From(task, callback) with { Executions = executions, CallbackDeliveries = deliveries });
    }

    private static async Task<Results<Ok<TaskResponse>, NotFound, ProblemHttpResult>> Cancel(
        Guid id, AppDbContext db, IBackgroundJobClient jobs, CompletionCallbacks callbacks, TimeProvider clock)
    {
        var task = await db.ServiceTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id);
        if (task is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        if (task.Status == ServiceTaskStatus.Pending
            && await db.ServiceTasks.Where(t => t.Id == id && t.Status == ServiceTaskStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, ServiceTaskStatus.Cancelled)
                .SetProperty(t => t.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(t => t.CompletedAt, now)) == 1)
        {
            if (task.HangfireJobId is { } jobId) jobs.Delete(jobId);
            await callbacks.StartAsync(id);
        }
        else if (await db.ServiceTasks.Where(t => t.Id == id && t.Status == ServiceTaskStatus.Running)
                     .ExecuteUpdateAsync(s => s.SetProperty(t => t.CancelRequestedAt, now)) == 0)
        {
            return TypedResults.Problem("The task has already finished.", statusCode: 409);
        }
        return TypedResults.Ok(TaskResponse.From(await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.Id == id)));
    }

    private static async Task<Results<Ok<TaskResponse>, NotFound, ProblemHttpResult>> Retry(
        Guid id, AppDbContext db, TaskEnqueuer enqueuer)
    {
        if (!await db.ServiceTasks.AnyAsync(t => t.Id == id)) return TypedResults.NotFound();
        if (!await enqueuer.RetryAsync(id)) return TypedResults.Problem("Only a FAILED task can be retried.", statusCode: 409);
        return TypedResults.Ok(TaskResponse.From(await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.Id == id)));
    }
}
