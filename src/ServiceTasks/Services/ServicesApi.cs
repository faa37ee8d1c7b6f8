using System.Security.Claims;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data.Configurations;

namespace ServiceTasks.Services;

/// <summary>List, read, create and delete service configurations; updates and history are in <see cref="ServiceUpdatesApi"/>.</summary>
internal static class ServicesApi
{
    public static IServiceCollection AddServices(this IServiceCollection services)
    {
        services.AddSingleton<ServiceSecrets>();
        services.AddSingleton<ServiceMapping>();
        services.ConfigureSwaggerGen(o => { o.SchemaFilter<ServiceExamples>(); o.SchemaFilter<ServiceSettingsSchema>(); });
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.TypeInfoResolver =
            (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(SettingsJson.NullMeansDefault));
        return services;
    }

    public static RouteGroupBuilder MapServices(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/services").WithTags("Services").RequireAuthorization(Policies.AppReader);
        group.MapGet("/", List).WithName("ListServices").WithSummary("List the app's services")
            .AllowOnlyQuery("service_type", "is_active", "search", "page", "page_size")
            .WithDescription("Filters: service_type (REAL|MOCK), is_active (true|false), search (name or description, ignoring case). Secrets are masked.");
        group.MapPost("/", Create).RequireAuthorization(Policies.AppAdmin).WithName("CreateService").WithSummary("Create a service")
            .WithETag().ProducesProblems(404, 409)
            .WithDescription("201 with Location and ETag. 409 when the app already has a service of that name (ignoring case). Secrets are encrypted at rest and answered masked.");
        group.MapGet("/{id:guid}", Get).WithName("GetService").WithSummary("Read a service").WithETag()
            .WithDescription("The ETag header (\"v{version}\") is what PATCH, restore and DELETE take in If-Match.");
        group.MapDelete("/{id:guid}", Delete).RequireAuthorization(Policies.AppAdmin).WithName("DeleteService").WithSummary("Delete a service")
            .WithIfMatch()
            .WithDescription("204; 409 while the service has PENDING or RUNNING tasks; 412 when If-Match names another version.")
            .ProducesProblems(409, 412);
        group.MapServiceUpdates();
        group.MapServiceTest();
        group.MapServiceTransfer();
        return group;
    }

    private static async Task<Ok<PagedList<ServiceResponse>>> List(
        Paging paging, AppDbContext db, ServiceMapping mapping,
        [FromQuery(Name = "service_type")] string? serviceType, [FromQuery(Name = "is_active")] string? isActive, string? search)
    {
        var query = db.ServiceConfigurations.AsNoTracking();
        if (serviceType is not null)
        {
            if (serviceType is not (ServiceTypes.Real or ServiceTypes.Mock))
                throw new RequestValidationException("service_type", "must be REAL or MOCK.");
            query = query.Where(s => s.ServiceType == serviceType);
        }
        if (isActive is not null)
        {
            if (!bool.TryParse(isActive, out var active)) throw new RequestValidationException("is_active", "must be true or false.");
            query = query.Where(s => s.IsActive == active);
        }
        if (!string.IsNullOrEmpty(search))
        {
            var pattern = "%" + search.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            query = query.Where(s => EF.Functions.ILike(s.ServiceName, pattern, @"\")
                || (s.Description != null && EF.Functions.ILike(s.Description, pattern, @"\")));
        }
        var ordered = query.OrderBy(s => EF.Property<string>(s, ServiceConfigurationConfiguration.NameKey)).ThenBy(s => s.Id);
        return TypedResults.Ok(await ordered.ToPageAsync(paging, mapping.ToResponse));
    }

    private static async Task<Results<Ok<ServiceResponse>, NotFound>> Get(Guid id, AppDbContext db, ServiceMapping mapping, HttpResponse response)
    {
        var service = await db.ServiceConfigurations.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id);
        if (service is null) return TypedResults.NotFound();
        response.Headers.ETag = ServiceWrites.ETag(service.Version);
        return TypedResults.Ok(mapping.ToResponse(service) with { CircuitState = await CircuitBreaker.StateOfAsync(db, id) });
    }

    private static async Task<Results<Created<ServiceResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Create(
        ServiceRequest? request, AppDbContext db, ServiceMapping mapping, CurrentTenant tenant, ClaimsPrincipal user, HttpResponse response)
    {
        var errors = new FieldErrors();
        if (request is null) return TypedResults.ValidationProblem(errors.Add("body", "must be a JSON object.").ToDictionary());
        if (tenant.AppUuid is not { } app)
            return TypedResults.ValidationProblem(errors.Add(AuthExtensions.OperatorAppHeader, "operators name the app to create the service in.").ToDictionary());
        if (user.IsOperator() && !await db.Apps.AnyAsync(a => a.AppUuid == app)) return TypedResults.NotFound();

        var service = new ServiceConfiguration
        {
            Id = Guid.CreateVersion7(), AppUuid = app, CreatedBy = user.Name(),
        };
        if (!mapping.TryApply(request, service, keepOmittedSecrets: false, errors))
            return TypedResults.ValidationProblem(errors.ToDictionary());

        db.ServiceConfigurations.Add(service);
        ServiceWrites.AddVersion(db, service, user.Name(), createdNow: true);
        switch (await ServiceWrites.SaveAsync(db))
        {
            case SaveOutcome.NameClash: return ServiceWrites.NameClash(service.ServiceName);
            case SaveOutcome.Conflict: return ServiceWrites.LostRace();
        }
        response.Headers.ETag = ServiceWrites.ETag(service.Version);
        return TypedResults.Created($"/api/services/{service.Id}", mapping.ToResponse(service));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(Guid id, AppDbContext db, HttpRequest request)
    {
        if (!await db.ServiceConfigurations.AnyAsync(s => s.Id == id)) return TypedResults.NotFound();

        // The row lock orders this delete after any write in flight on the same service.
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM service_configurations WHERE id = {id} FOR UPDATE");
        var version = await db.ServiceConfigurations.Where(s => s.Id == id).Select(s => (int?)s.Version).FirstOrDefaultAsync();
        if (version is null) return TypedResults.NotFound();
        if (!ServiceWrites.IfMatchHolds(request, version.Value)) return ServiceWrites.PreconditionFailed(version);

        // Unfinished tasks have no completed_at (a check constraint), so this reads the service's unfinished tasks from
        // its (service_config_id, completed_at) index, not its whole history.
        var active = await db.ServiceTasks.CountAsync(t => t.ServiceConfigId == id && t.CompletedAt == null
            && (t.Status == ServiceTaskStatus.Pending || t.Status == ServiceTaskStatus.Running));
        if (active > 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Service in use",
                detail: $"The service has {active} PENDING or RUNNING task(s); cancel them or wait for them to finish before deleting it.");

        await db.ServiceConfigurations.Where(s => s.Id == id).ExecuteDeleteAsync();
        await transaction.CommitAsync();
        return TypedResults.NoContent();
    }
}
