using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Apps;

internal static class AppsApi
{
    public static RouteGroupBuilder MapApps(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/apps").WithTags("Apps").RequireAuthorization(Policies.AppAdmin);
        group.MapPost("/", Create).RequireAuthorization(Policies.Operator).WithName("CreateApp")
            .WithSummary("Create an app; its callback secret is answered this once");
        group.MapGet("/", List).WithName("ListApps").WithSummary("List apps (every app for operators, its own for an admin)")
            .AllowOnlyQuery("page", "page_size");
        group.MapGet("/{app_uuid:guid}", Get).WithName("GetApp").WithSummary("Read an app");
        group.MapPatch("/{app_uuid:guid}", Update).Accepts<AppPatchDocument>("application/merge-patch+json", "application/json")
            .WithName("UpdateApp").WithSummary("Update an app (JSON merge patch); rotate_callback_secret answers the new secret once");
        return group;
    }

    private static async Task<Results<Created<AppResponse>, ValidationProblem>> Create(
        CreateAppRequest request, AppDbContext db, SecretProtector secrets)
    {
        var errors = Validate(request.Name, request.CallbackUrl);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var secret = CallbackSecrets.Create();
        var app = new App
        {
            AppUuid = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            CallbackUrl = request.CallbackUrl,
            CallbackSecret = secrets.Protect(secret),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Apps.Add(app);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/apps/{app.AppUuid}", AppResponse.From(app, secret));
    }

    private static async Task<Ok<PagedList<AppResponse>>> List(Paging paging, AppDbContext db, ClaimsPrincipal user)
    {
        var (all, own) = (user.IsOperator(), user.AppUuid());
        var query = db.Apps.AsNoTracking().Where(a => all || a.AppUuid == own).OrderBy(a => a.CreatedAt);
        return TypedResults.Ok(await query.ToPageAsync(paging, a => AppResponse.From(a)));
    }

    private static async Task<Results<Ok<AppResponse>, NotFound>> Get([FromRoute(Name = "app_uuid")] Guid appUuid, AppDbContext db, ClaimsPrincipal user)
    {
        var app = user.CanManageApp(appUuid) ? await db.Apps.AsNoTracking().FirstOrDefaultAsync(a => a.AppUuid == appUuid) : null;
        return app is null ? TypedResults.NotFound() : TypedResults.Ok(AppResponse.From(app));
    }

    private static async Task<Results<Ok<AppResponse>, NotFound, ValidationProblem>> Update(
        [FromRoute(Name = "app_uuid")] Guid appUuid, JsonElement patch, AppDbContext db, SecretProtector secrets, ClaimsPrincipal user)
    {
        var app = user.CanManageApp(appUuid) ? await db.Apps.FirstOrDefaultAsync(a => a.AppUuid == appUuid) : null;
        if (app is null) return TypedResults.NotFound();

        var merged = MergePatch.Apply(new AppPatchDocument(app.Name, app.CallbackUrl, null), patch);
        var errors = Validate(merged.Name, merged.CallbackUrl);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        app.Name = merged.Name!.Trim();
        app.CallbackUrl = merged.CallbackUrl;
        string? secret = null;
        if (merged.RotateCallbackSecret == true)
        {
            secret = CallbackSecrets.Create();
            app.CallbackSecret = secrets.Protect(secret);
        }
        await db.SaveChangesAsync();
        return TypedResults.Ok(AppResponse.From(app, secret));
    }

    private static FieldErrors Validate(string? name, string? callbackUrl)
    {
        var errors = new FieldErrors();
        errors.Required("name", name);
        errors.AbsoluteHttpUrl("callback_url", callbackUrl);
        return errors;
    }
}
