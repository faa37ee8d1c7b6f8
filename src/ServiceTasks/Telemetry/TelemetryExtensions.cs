using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceTasks.Telemetry;

/// <summary>
/// Traces (only when an exporter is configured: otherwise no tracer provider exists and nothing is sampled) and the
/// console log format (docs/observability.md).
/// </summary>
internal static class TelemetryExtensions
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TraceLinkOptions>().BindConfiguration(TraceLinkOptions.Section);
        builder.AddJsonConsoleByDefault();

        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = Endpoint(options.OtlpEndpoint ?? builder.Configuration[OtlpEndpointVariable]);
        if (otlp is null) return builder;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "servicetasks",
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new QuietRootSampler())
                    .AddSource(TaskTracing.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                tracing.AddOtlpExporter(o =>
                {
                    // OTLP/HTTP (port 4318) as the specification's default; gRPC (4317) only when asked for.
                    var grpc = builder.Configuration[OtlpProtocolVariable] == "grpc";
                    o.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = grpc ? otlp : new Uri(otlp, "v1/traces");
                });
            });
        return builder;
    }

    /// <summary>
    /// Outside Development the console writes one JSON object per line, with scopes, unless
    /// <c>Logging:Console:FormatterName</c> names another format (<c>simple</c> for plain text). Set in code rather than
    /// in appsettings.json so it holds wherever the process starts (its content root need not hold the file).
    /// </summary>
    private static void AddJsonConsoleByDefault(this WebApplicationBuilder builder)
    {
        var console = builder.Configuration.GetSection("Logging:Console");
        if (console["FormatterName"] is not null || builder.Environment.IsDevelopment()) return;
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = console.GetValue("FormatterOptions:IncludeScopes", true);
            o.UseUtcTimestamp = console.GetValue("FormatterOptions:UseUtcTimestamp", true);
            o.TimestampFormat = console["FormatterOptions:TimestampFormat"] ?? "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }

    // Scrapes and health probes every few seconds would drown the traces that matter.
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/hangfire");

    private static Uri? Endpoint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new TelemetryConfigurationException($"{TelemetryOptions.Section}:OtlpEndpoint (or {OtlpEndpointVariable}) must be an absolute http or https URL; got '{value}'.");
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
