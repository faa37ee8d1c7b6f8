namespace ServiceTasks.Operations;

internal sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Open by default, as scrapers expect; true puts /metrics behind the operator key (or an operator's cookie).</summary>
    public bool RequireOperatorKey { get; set; }
}
