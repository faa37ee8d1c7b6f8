using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Callbacks;

/// <summary>Completion-callback delivery (section <c>Callbacks</c>).</summary>
internal sealed class CallbacksOptions
{
    public const string Section = "Callbacks";

    /// <summary>The first retry waits this long; each next one twice as long.</summary>
    [Range(1, 3600)]
    public int FirstRetrySeconds { get; set; } = 5;

    [Range(1, 86_400)]
    public int MaxDelaySeconds { get; set; } = 3600;

    /// <summary>No retry is scheduled later than this after the delivery was first enqueued.</summary>
    [Range(1, 24 * 30)]
    public int MaxAgeHours { get; set; } = 24;

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 15;
}
