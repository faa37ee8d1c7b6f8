using Hangfire;

namespace ServiceTasks.Operations;

/// <summary>
/// Hangfire's dashboard at /hangfire for operators only. Endpoint authorization does the gate (cookie or key, through
/// the default scheme), so Hangfire's own filters are emptied rather than left at "local requests only".
/// </summary>
internal static class OperatorDashboard
{
    public const string Path = "/hangfire";

    public static IEndpointConventionBuilder MapOperatorDashboard(this IEndpointRouteBuilder routes) =>
        routes.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [],
            DashboardTitle = "ServiceTasks · Hangfire",
            AppPath = "/admin/services", // the "Back to site" link in the dashboard's menu
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Operator);
}
