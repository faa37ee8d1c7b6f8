using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Auth;
using ServiceTasks.Data;

namespace ServiceTasks.Execution;

public sealed record TestServiceRequest(JsonElement? InputData);

public sealed record ServiceTestResponse(bool Success, int? HttpStatusCode, JsonNode? Data, string? ErrorMessage, int ExecutionTimeMs);

public static class ServiceTestApi
{
    public static RouteHandlerBuilder MapServiceTest(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/services/{id:guid}/test", Test)
            .WithTags("Services").RequireAuthorization(Policies.AppAdmin)
            .WithSummary("Run one attempt now, synchronously; creates no task and no log");

    private static async Task<Results<Ok<ServiceTestResponse>, NotFound>> Test(
        Guid id, TestServiceRequest request, AppDbContext db, ServiceInvoker invoker, CancellationToken cancellationToken)
    {
        var service = await db.ServiceConfigurations.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (service is null) return TypedResults.NotFound();
        var input = request.InputData is { } element ? JsonNode.Parse(element.GetRawText()) : null;
        var result = await invoker.RunAsync(new AttemptRequest(Guid.NewGuid(), 0, service, input), cancellationToken);
        return TypedResults.Ok(new ServiceTestResponse(result.Succeeded, result.HttpStatusCode, result.ResponseData, result.ErrorMessage, result.ExecutionTimeMs));
    }
}
