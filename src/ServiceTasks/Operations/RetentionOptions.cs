using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Operations;

/// <summary>Section <c>Retention</c>: how long history is kept; <see cref="RetentionJob"/> deletes the rest.</summary>
internal sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>Execution logs older than this are deleted.</summary>
    [Range(1, 3650)]
    public int LogDays { get; set; } = 30;

    /// <summary>Finished tasks (COMPLETED, FAILED, CANCELLED) and callback deliveries older than this are deleted.</summary>
    [Range(1, 3650)]
    public int TaskDays { get; set; } = 90;

    /// <summary>Rows deleted per short transaction.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>Hangfire's succeeded and deleted jobs expire after this (Hangfire's own default is 24 hours).</summary>
    [Range(1, 24 * 3650)]
    public int HangfireJobHours { get; set; } = 24;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The dashboard must never show a job whose execution logs are already gone.
        if (HangfireJobHours > LogDays * 24)
            yield return new ValidationResult("Retention:HangfireJobHours must not exceed Retention:LogDays × 24.", [nameof(HangfireJobHours)]);
    }
}
