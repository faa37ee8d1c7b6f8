using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Hosting;

internal sealed class ServiceTasksOptions
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
