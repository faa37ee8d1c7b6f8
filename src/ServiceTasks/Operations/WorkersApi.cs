using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Operations;

internal static class WorkersApi
{
    public static RouteGroupBuilder MapWorkers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/workers/service-tasks").WithTags("Workers");
        group.MapGet("/", Get).RequireAuthorization(Policies.AppAdmin).WithName("GetWorkers")
            .WithSummary("Pause flag, Hangfire servers (operators) and task counts (per app for operators, own app for admins)");
        group.MapPost("/", Act).RequireAuthorization(Policies.Operator).WithName("ControlWorkers").ProducesProblems(400)
            .WithSummary("action=stop pauses processing cluster-wide; start resumes; process-once runs what is pending now");
        return group;
    }

    private static async Task<Ok<WorkersResponse>> Get(AppDbContext db, ClusterPause pause, JobStorage storage, ClaimsPrincipal user)
    {
        var rows = await db.ServiceTasks.AsNoTracking()
            .GroupBy(t => new { t.AppUuid, t.Status, Waiting = t.NextAttemptAt != null })
            .Select(g => new { g.Key.AppUuid, g.Key.Status, g.Key.Waiting, Count = g.Count() })
            .ToListAsync();
        var perApp = rows.GroupBy(r => r.AppUuid)
            .Select(g => new AppTaskCounts(g.Key, Count(g.Select(r => (r.Status, r.Waiting, r.Count)))))
            .OrderBy(a => a.AppUuid).ToList();
        var servers = user.IsOperator()
            ? storage.GetMonitoringApi().Servers().Select(s => new WorkerServer(s.Name, s.WorkersCount, [.. s.Queues], s.Heartbeat)).ToList()
            : null;
        return TypedResults.Ok(new WorkersResponse(pause.IsPaused(), servers, Count(rows.Select(r => (r.Status, r.Waiting, r.Count))), perApp));
    }

    private static async Task<Results<Ok<WorkersActionResponse>, ValidationProblem>> Act(string? action, ClusterPause pause, ParkedJobs parked)
    {
        var requeued = 0;
        switch (action)
        {
            case "stop": pause.Pause(); break;
            case "start": requeued = await parked.ResumeAsync(); break;
            case "process-once": requeued = await parked.ProcessOnceAsync(); break;
            default:
                return TypedResults.ValidationProblem(new FieldErrors().Add("action", "must be start, stop or process-once.").ToDictionary());
        }
        return TypedResults.Ok(new WorkersActionResponse(action, pause.IsPaused(), requeued));
    }

    private static TaskCounts Count(IEnumerable<(string Status, bool Waiting, int Count)> rows)
    {
        var list = rows.ToList();
        int Sum(Func<(string Status, bool Waiting, int Count), bool> match) => list.Where(match).Sum(r => r.Count);
        return new TaskCounts(
            Sum(r => r.Status == ServiceTaskStatus.Pending && !r.Waiting), Sum(r => r.Status == ServiceTaskStatus.Running),
            Sum(r => r.Status == ServiceTaskStatus.Pending && r.Waiting), Sum(r => r.Status == ServiceTaskStatus.Completed),
            Sum(r => r.Status == ServiceTaskStatus.Failed), Sum(r => r.Status == ServiceTaskStatus.Cancelled));
    }
}
