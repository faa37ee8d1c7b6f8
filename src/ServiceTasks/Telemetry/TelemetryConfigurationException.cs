namespace ServiceTasks.Telemetry;

/// <summary>A trace exporter setting that is not a usable URL: the start fails naming it.</summary>
internal sealed class TelemetryConfigurationException(string message) : StartupException(message);
