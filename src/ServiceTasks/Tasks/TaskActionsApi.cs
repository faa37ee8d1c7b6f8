using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tasks;

/// <summary>What the engine and admins do to tasks after enqueueing them: cancel, retry, redeliver the callback.</summary>
internal static class TaskActionsApi
{
    public static RouteGroupBuilder MapTaskActions(this RouteGroupBuilder group)
    {
        group.MapPost("/cancel", CancelInstance).WithName("CancelInstanceTasks")
            .WithSummary("Cancel every PENDING or RUNNING task of a workflow instance (or the listed task_ids of it)")
            .ProducesProblems(400, 413);
        group.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelTask")
            .WithSummary("Cancel a PENDING task, or ask a RUNNING one to stop").ProducesProblems(404, 409);
        group.MapPost("/{id:guid}/retry", Retry).WithName("RetryTask")
            .WithSummary("Run a FAILED task again with a fresh retry budget").ProducesProblems(404, 409);
        group.MapPost("/{id:guid}/callback", Redeliver).WithName("RedeliverTaskCallback")
            .WithSummary("Deliver a finished task's completion callback once more (a new sequence, with its retries)")
            .ProducesProblems(404, 409);
        return group;
    }

    private static async Task<Results<Ok<TaskResponse>, NotFound, ProblemHttpResult>> Cancel(
        Guid id, AppDbContext db, TaskCancellation cancellation) =>
        await cancellation.CancelAsync(id) switch
        {
            TaskCancellation.Outcome.NotFound => TypedResults.NotFound(),
            TaskCancellation.Outcome.AlreadyFinished => TypedResults.Problem("The task has already finished.", statusCode: 409),
            _ => TypedResults.Ok(TaskResponse.From(await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.Id == id))),
        };

    private static async Task<Results<Ok<CancelInstanceResponse>, ValidationProblem, ProblemHttpResult>> CancelInstance(
        CancelInstanceRequest request, AppDbContext db, TaskCancellation cancellation, CurrentTenant tenant)
    {
        var errors = request.Validate();
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (tenant.AppUuid is null)
            return TypedResults.Problem($"Operators cancel in one app: send {AuthExtensions.OperatorAppHeader}.", statusCode: 400);

        var unfinished = db.ServiceTasks.AsNoTracking().Where(t => t.InstanceId == request.InstanceId
            && (t.Status == ServiceTaskStatus.Pending || t.Status == ServiceTaskStatus.Running));
        if (request.TaskIds is { } names) unfinished = unfinished.Where(t => names.Contains(t.TaskId));
        var ids = await unfinished.OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync();

        var outcomes = new Dictionary<Guid, TaskCancellation.Outcome>();
        foreach (var id in ids) outcomes[id] = await cancellation.CancelAsync(id);
        var affected = outcomes.Where(o => o.Value is TaskCancellation.Outcome.Cancelled or TaskCancellation.Outcome.CancelRequested)
            .Select(o => o.Key).ToList();
        var tasks = await db.ServiceTasks.AsNoTracking().Where(t => affected.Contains(t.Id)).OrderBy(t => t.CreatedAt).ToListAsync();
        return TypedResults.Ok(new CancelInstanceResponse(request.InstanceId!,
            outcomes.Values.Count(o => o == TaskCancellation.Outcome.Cancelled),
            outcomes.Values.Count(o => o == TaskCancellation.Outcome.CancelRequested),
            [.. tasks.Select(t => TaskResponse.From(t))]));
    }

    private static async Task<Results<Ok<TaskResponse>, NotFound, ProblemHttpResult>> Retry(
        Guid id, AppDbContext db, TaskEnqueuer enqueuer)
    {
        if (!await db.ServiceTasks.AnyAsync(t => t.Id == id)) return TypedResults.NotFound();
        if (!await enqueuer.RetryAsync(id)) return TypedResults.Problem("Only a FAILED task can be retried.", statusCode: 409);
        return TypedResults.Ok(TaskResponse.From(await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.Id == id)));
    }

    private static async Task<Results<Accepted<TaskResponse>, NotFound, ProblemHttpResult>> Redeliver(
        Guid id, AppDbContext db, CallbackRedelivery redelivery) =>
        await redelivery.RedeliverAsync(id) switch
        {
            CallbackRedelivery.Outcome.NotFound => TypedResults.NotFound(),
            CallbackRedelivery.Outcome.NotFinished => TypedResults.Problem(
                "The task has not finished: its callback is sent when it does.", statusCode: 409),
            CallbackRedelivery.Outcome.NoCallbackUrl => TypedResults.Problem(
                "Neither the task nor its app has a callback URL.", statusCode: 409),
            _ => TypedResults.Accepted($"/api/service-tasks/{id}",
                TaskResponse.From(await db.ServiceTasks.AsNoTracking().FirstAsync(t => t.Id == id))),
        };
}
