using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Auth;

/// <summary>An app's admin and engine keys; operators manage any app's, an admin only its own app's.</summary>
internal static class KeysApi
{
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/apps/{app_uuid:guid}/keys").WithTags("Keys").RequireAuthorization(Policies.AppAdmin);
        group.MapPost("/", Create).WithName("CreateKey").WithSummary("Create an admin or engine key; the key is answered this once");
        group.MapGet("/", List).WithName("ListKeys").WithSummary("List the app's keys (never the keys themselves)")
            .AllowOnlyQuery("page", "page_size");
        group.MapDelete("/{id:guid}", Revoke).WithName("RevokeKey").WithSummary("Revoke a key at once");
        return group;
    }

    private static async Task<Results<Created<KeyResponse>, NotFound, ValidationProblem>> Create(
        [FromRoute(Name = "app_uuid")] Guid appUuid, CreateKeyRequest request, AppDbContext db, ClaimsPrincipal user)
    {
        if (!await CanManageAsync(db, user, appUuid)) return TypedResults.NotFound();

        var errors = new FieldErrors();
        errors.Required("name", request.Name);
        if (request.Role == Roles.Operator)
            errors.Add("role", "operator keys belong to no app; create them with the CLI: keys create --role operator.");
        else if (!Roles.AppRoles.Contains(request.Role))
            errors.Add("role", "must be admin or engine.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var (row, key) = ApiKeys.Create(request.Role!, request.Name!.Trim(), appUuid);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/apps/{appUuid}/keys/{row.Id}", KeyResponse.From(row, key));
    }

    private static async Task<Results<Ok<PagedList<KeyResponse>>, NotFound>> List(
        [FromRoute(Name = "app_uuid")] Guid appUuid, Paging paging, AppDbContext db, ClaimsPrincipal user)
    {
        if (!await CanManageAsync(db, user, appUuid)) return TypedResults.NotFound();
        var query = db.ApiKeys.AsNoTracking().Where(k => k.AppUuid == appUuid).OrderBy(k => k.CreatedAt);
        return TypedResults.Ok(await query.ToPageAsync(paging, k => KeyResponse.From(k)));
    }

    private static async Task<Results<NoContent, NotFound>> Revoke([FromRoute(Name = "app_uuid")] Guid appUuid, Guid id, AppDbContext db, ClaimsPrincipal user, ApiKeyCache cache)
    {
        if (!user.CanManageApp(appUuid)) return TypedResults.NotFound();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.AppUuid == appUuid);
        if (key is null) return TypedResults.NotFound();
        key.RevokedAt ??= DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();
        cache.Forget(id); // other processes stop serving it within ApiKeyCache.Lifetime
        return TypedResults.NoContent();
    }

    private static async Task<bool> CanManageAsync(AppDbContext db, ClaimsPrincipal user, Guid appUuid) =>
        user.CanManageApp(appUuid) && await db.Apps.AnyAsync(a => a.AppUuid == appUuid);
}
