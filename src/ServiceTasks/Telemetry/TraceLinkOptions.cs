namespace ServiceTasks.Telemetry;

/// <summary>How the admin pages link a trace id (section <c>Telemetry</c>).</summary>
internal sealed class TraceLinkOptions
{
    public const string Section = "Telemetry";

    /// <summary>A URL with <c>{trace_id}</c> in it, e.g. https://tracing.example/trace/{trace_id}; empty shows the id as text.</summary>
    public string TraceUrlTemplate { get; set; } = "";
}
