namespace ServiceTasks.Telemetry;

/// <summary>Where traces go (section <c>OpenTelemetry</c>); unset, none are recorded at all.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>An OTLP/HTTP collector, e.g. http://collector:4318; the standard OTEL_EXPORTER_OTLP_ENDPOINT also turns this on.</summary>
    public string? OtlpEndpoint { get; set; }
}
