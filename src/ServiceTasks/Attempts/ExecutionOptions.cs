using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Attempts;

/// <summary>Attempt execution (section <c>Execution</c>).</summary>
internal sealed class ExecutionOptions
{
    public const string Section = "Execution";

    /// <summary>
    /// Tries in a row that may break for a reason other than the service's answer (a database error, a stored
    /// configuration that cannot be read) before the task fails naming the cause. An unreachable database is not counted.
    /// </summary>
    [Range(1, 1000)]
    public int InfrastructureRetryLimit { get; set; } = 10;
}
