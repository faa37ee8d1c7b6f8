using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data.Configurations;

namespace ServiceTasks.Services;

/// <summary>Export and import of an app's services as one <c>{services: [...]}</c> document; import is all or nothing.</summary>
internal static class ServiceTransferApi
{
    public const int MaxImportItems = 1000;

    public static RouteGroupBuilder MapServiceTransfer(this RouteGroupBuilder group)
    {
        group.MapGet("/export", Export).WithName("ExportServices").WithSummary("Export the app's services")
            .WithDescription("{services: [...]} in the shape import takes. Secrets are left out entirely.");
        group.MapPost("/import", Import).RequireAuthorization(Policies.AppAdmin).WithName("ImportServices")
            .WithSummary("Import services (upsert by service_name)")
            .WithDescription("All or nothing: one bad item rejects the file with errors per item (services[3].endpoint_url). " +
                "Each item is a whole document: members left out take their defaults, except secrets, which keep the stored ones. " +
                "?dry_run=true answers what each item would do (create, update, unchanged) and writes nothing.");
        return group;
    }

    private static async Task<Ok<ServicesDocument>> Export(AppDbContext db)
    {
        var services = await db.ServiceConfigurations.AsNoTracking()
            .OrderBy(s => EF.Property<string>(s, ServiceConfigurationConfiguration.NameKey)).ToListAsync();
        return TypedResults.Ok(new ServicesDocument([.. services.Select(ServiceMapping.ToExport)]));
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem, NotFound, ProblemHttpResult>> Import(
        ServicesDocument? document, [FromQuery(Name = "dry_run")] string? dryRunText,
        AppDbContext db, ServiceMapping mapping, CurrentTenant tenant, ClaimsPrincipal user)
    {
        var dryRun = false;
        if (dryRunText is not null && !bool.TryParse(dryRunText, out dryRun))
            throw new RequestValidationException("dry_run", "must be true or false.");
        var errors = new FieldErrors();
        if (document?.Services is not { } items) return TypedResults.ValidationProblem(errors.Add("services", "is required: {\"services\": [...]}.").ToDictionary());
        if (items.Count > MaxImportItems) return TypedResults.ValidationProblem(errors.Add("services", $"must hold at most {MaxImportItems} items.").ToDictionary());
        if (tenant.AppUuid is not { } app)
            return TypedResults.ValidationProblem(errors.Add(AuthExtensions.OperatorAppHeader, "operators name the app to import into.").ToDictionary());
        if (user.IsOperator() && !await db.Apps.AnyAsync(a => a.AppUuid == app)) return TypedResults.NotFound();

        var keys = items.Select(i => i?.ServiceName?.Trim().ToLowerInvariant()).OfType<string>().Distinct().ToList();
        var existing = await db.ServiceConfigurations
            .Where(s => keys.Contains(EF.Property<string>(s, ServiceConfigurationConfiguration.NameKey)))
            .ToDictionaryAsync(s => s.ServiceName.ToLowerInvariant());
        var seen = new HashSet<string>();
        var results = new List<ImportItemResult>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemErrors = errors.For($"services[{i}].");
            if (items[i] is not { } item) { errors.Add($"services[{i}]", "must be an object."); continue; }
            var key = item.ServiceName?.Trim().ToLowerInvariant();
            if (key is { Length: > 0 } && !seen.Add(key)) itemErrors.Add("service_name", "appears more than once in the file.");

            var found = key is not null ? existing.GetValueOrDefault(key) : null;
            var target = found ?? new ServiceConfiguration
            {
                Id = Guid.CreateVersion7(), AppUuid = app, CreatedBy = user.Name(),
            };
            var before = found is null ? null : ServiceMapping.Settings(found);
            if (!mapping.TryApply(item, target, keepOmittedSecrets: true, itemErrors) || itemErrors.Any) continue;

            var action = before is null ? ImportActions.Create
                : ServiceMapping.SameSettings(before, target) ? ImportActions.Unchanged : ImportActions.Update;
            // A dry run's new services have no id yet: nothing was created.
            results.Add(new ImportItemResult(i, target.ServiceName, action, found is null && dryRun ? null : target.Id));
            if (action == ImportActions.Create)
            {
                db.ServiceConfigurations.Add(target);
                ServiceWrites.AddVersion(db, target, user.Name(), createdNow: true);
            }
            else if (action == ImportActions.Update) ServiceWrites.AddVersion(db, target, user.Name());
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        if (!dryRun)
        {
            switch (await ServiceWrites.SaveAsync(db))
            {
                case SaveOutcome.NameClash: return ServiceWrites.NameClash("(one of the imported names)");
                case SaveOutcome.Conflict: return ServiceWrites.LostRace();
            }
        }
        int Count(string action) => results.Count(r => r.Action == action);
        return TypedResults.Ok(new ImportResult(dryRun, Count(ImportActions.Create), Count(ImportActions.Update), Count(ImportActions.Unchanged), results));
    }
}
