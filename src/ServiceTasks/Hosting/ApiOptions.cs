using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Hosting;

internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Larger request bodies answer 413 before they are read.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
