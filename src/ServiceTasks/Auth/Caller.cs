using System.Security.Claims;

namespace ServiceTasks.Auth;

/// <summary>Reads who is calling from the principal the key (or, later, the cookie) produced.</summary>
internal static class Caller
{
    public const string AppClaim = "app_uuid";

    public static Guid? AppUuid(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(AppClaim), out var app) ? app : null;

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(Roles.Operator);

    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>Operators manage any app; everyone else only their own.</summary>
    public static bool CanManageApp(this ClaimsPrincipal user, Guid appUuid) =>
        user.IsOperator() || (user.IsInRole(Roles.Admin) && user.AppUuid() == appUuid);
}
