using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Services;

internal static class ServiceTestApi
{
    public static RouteHandlerBuilder MapServiceTest(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/test", Test).RequireAuthorization(Policies.AppAdmin).WithName("TestService")
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
