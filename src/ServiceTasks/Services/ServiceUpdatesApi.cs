using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Services;

/// <summary>Merge-patch updates, the version history and restore: every change is a new version with its snapshot.</summary>
internal static class ServiceUpdatesApi
{
    public static RouteGroupBuilder MapServiceUpdates(this RouteGroupBuilder group)
    {
        group.MapPatch("/{id:guid}", Update).RequireAuthorization(Policies.AppAdmin).WithName("UpdateService").WithIfMatch().WithETag()
            .Accepts<ServiceRequest>("application/merge-patch+json", "application/json")
            .WithSummary("Update a service (JSON merge patch, RFC 7396)")
            .WithDescription("Send only what changes; null removes a member (it takes its default). id, app_uuid, created_by, created_at, " +
                "updated_at and version are read-only: 400 if sent with another value. A secret left out or sent masked (\"***1234\") " +
                "keeps the stored one. If-Match \"v{version}\": 412 on mismatch. 409 on a name clash. A change makes a new version.")
            .ProducesProblems(409, 412);
        group.MapGet("/{id:guid}/versions", Versions).WithName("ListServiceVersions").AllowOnlyQuery("page", "page_size").WithSummary("List a service's versions, newest first")
            .WithDescription("Each version's snapshot as it was stored, secrets masked.");
        group.MapPost("/{id:guid}/versions/{n:int}/restore", Restore).RequireAuthorization(Policies.AppAdmin)
            .WithName("RestoreServiceVersion").WithIfMatch().WithETag()
            .WithSummary("Restore an old version")
            .WithDescription("Makes a NEW version with the settings of version n; the history is kept. 409 if its name is now taken; If-Match as for PATCH.")
            .ProducesProblems(409, 412);
        return group;
    }

    private static async Task<Results<Ok<ServiceResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, JsonElement patch, AppDbContext db, ServiceMapping mapping, ClaimsPrincipal user, HttpRequest request, HttpResponse response)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var service = await db.ServiceConfigurations.FirstOrDefaultAsync(s => s.Id == id);
            if (service is null) return TypedResults.NotFound();
            if (!ServiceWrites.IfMatchHolds(request, service.Version)) return ServiceWrites.PreconditionFailed(service.Version);

            var current = mapping.ToResponse(service) with { CircuitState = await CircuitBreaker.StateOfAsync(db, id) };
            var merged = MergePatch.Apply(current, patch);
            var errors = new FieldErrors();
            ReadOnlyUnchanged(current, merged, errors);
            var before = ServiceMapping.Settings(service);
            if (errors.Any || !mapping.TryApply(merged, service, keepOmittedSecrets: false, errors))
                return TypedResults.ValidationProblem(errors.ToDictionary());

            if (ServiceMapping.SameSettings(before, service))
            {
                response.Headers.ETag = ServiceWrites.ETag(service.Version);
                return TypedResults.Ok(current);
            }
            ServiceWrites.AddVersion(db, service, user.Name());
            switch (await ServiceWrites.SaveAsync(db))
            {
                case SaveOutcome.Saved:
                    response.Headers.ETag = ServiceWrites.ETag(service.Version);
                    return TypedResults.Ok(mapping.ToResponse(service) with { CircuitState = current.CircuitState });
                case SaveOutcome.NameClash: return ServiceWrites.NameClash(service.ServiceName);
                case SaveOutcome.Conflict when ServiceWrites.HasIfMatch(request): return ServiceWrites.PreconditionFailed(null);
                case SaveOutcome.Conflict when attempt == ServiceWrites.Attempts: return ServiceWrites.LostRace();
            }
        }
    }

    private static void ReadOnlyUnchanged(ServiceResponse current, ServiceResponse merged, FieldErrors errors)
    {
        const string message = "is read-only; it cannot be changed.";
        if (merged.Id != current.Id) errors.Add("id", message);
        if (merged.AppUuid != current.AppUuid) errors.Add("app_uuid", message);
        if (merged.CreatedBy != current.CreatedBy) errors.Add("created_by", message);
        if (merged.CreatedAt != current.CreatedAt) errors.Add("created_at", message);
        if (merged.UpdatedAt != current.UpdatedAt) errors.Add("updated_at", message);
        if (merged.CircuitState != current.CircuitState) errors.Add("circuit_state", "is the circuit breaker's state; it cannot be set.");
        if (merged.Version != current.Version) errors.Add("version", message + " Use If-Match to update a known version.");
    }

    private static async Task<Results<Ok<PagedList<ServiceVersionResponse>>, NotFound>> Versions(
        Guid id, Paging paging, AppDbContext db, ServiceMapping mapping)
    {
        if (!await db.ServiceConfigurations.AnyAsync(s => s.Id == id)) return TypedResults.NotFound();
        var query = db.ServiceConfigurationVersions.AsNoTracking().Where(v => v.ServiceConfigId == id).OrderByDescending(v => v.Version);
        return TypedResults.Ok(await query.ToPageAsync(paging,
            v => new ServiceVersionResponse(v.Version, v.ChangedBy, v.ChangedAt, mapping.ToResponse(ServiceSnapshot.Read(v)))));
    }

    private static async Task<Results<Ok<ServiceResponse>, NotFound, ProblemHttpResult>> Restore(
        Guid id, int n, AppDbContext db, ServiceMapping mapping, ClaimsPrincipal user, HttpRequest request, HttpResponse response)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var service = await db.ServiceConfigurations.FirstOrDefaultAsync(s => s.Id == id);
            if (service is null) return TypedResults.NotFound();
            if (!ServiceWrites.IfMatchHolds(request, service.Version)) return ServiceWrites.PreconditionFailed(service.Version);
            var old = await db.ServiceConfigurationVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ServiceConfigId == id && v.Version == n);
            if (old is null) return TypedResults.NotFound();

            service.CopyFrom(ServiceSnapshot.Read(old));
            ServiceWrites.AddVersion(db, service, user.Name());
            switch (await ServiceWrites.SaveAsync(db))
            {
                case SaveOutcome.Saved:
                    response.Headers.ETag = ServiceWrites.ETag(service.Version);
                    return TypedResults.Ok(mapping.ToResponse(service));
                case SaveOutcome.NameClash: return ServiceWrites.NameClash(service.ServiceName);
                case SaveOutcome.Conflict when ServiceWrites.HasIfMatch(request): return ServiceWrites.PreconditionFailed(null);
                case SaveOutcome.Conflict when attempt == ServiceWrites.Attempts: return ServiceWrites.LostRace();
            }
        }
    }
}
