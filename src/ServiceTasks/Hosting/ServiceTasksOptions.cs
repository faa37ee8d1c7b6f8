using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Hosting;

public sealed class ServiceTasksOptions
{
    public const string Section = "ServiceTasks";

    /// <summary>Comma-separated: <c>api</c> serves HTTP, <c>worker</c> runs Hangfire jobs.</summary>
    [Required, RegularExpression(@"^\s*(api|worker)\s*(,\s*(api|worker)\s*)?$", ErrorMessage = "Roles must be api, worker or api,worker.")]
    public string Roles { get; set; } = "api,worker";

    public bool IsApi => Has("api");
    public bool IsWorker => Has("worker");

    private bool Has(string role) =>
        Roles.Split(',', StringSplitOptions.TrimEntries).Contains(role, StringComparer.OrdinalIgnoreCase);
}

public static class RoleExtensions
{
    public static bool IsApi(this WebApplication app) => Roles(app).IsApi;

    public static bool IsWorker(this WebApplication app) => Roles(app).IsWorker;

    private static ServiceTasksOptions Roles(WebApplication app) =>
        app.Configuration.GetSection(ServiceTasksOptions.Section).Get<ServiceTasksOptions>() ?? new();
}

public sealed class ApiOptions
{
    public const string Section = "Api";

    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
