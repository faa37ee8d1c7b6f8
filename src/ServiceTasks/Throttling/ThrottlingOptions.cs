using System.ComponentModel.DataAnnotations;

namespace ServiceTasks.Throttling;

/// <summary>Section <c>Throttling</c>: how the per-service limits are enforced (the limits themselves are on the service).</summary>
internal sealed class ThrottlingOptions
{
    public const string Section = "Throttling";

    /// <summary>A concurrency slot and a trial call are held for timeout_seconds plus this; a crashed holder's slot frees after it.</summary>
    [Range(1, 600)]
    public int LeaseMarginSeconds { get; set; } = 15;

    /// <summary>The window of rate_limit_per_minute. Only tests change it, to scale a minute down.</summary>
    [Range(1, 60)]
    public int RateWindowSeconds { get; set; } = 60;
}
