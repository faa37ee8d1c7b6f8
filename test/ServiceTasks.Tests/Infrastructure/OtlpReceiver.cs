using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>An OTLP/HTTP trace collector on 127.0.0.1: accepts POST /v1/traces (protobuf) and keeps every span.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends v1/traces).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<OtlpSpan> Spans => _spans.ToArray();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.MapPost("/v1/traces", receiver.ReceiveAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Endpoint = new Uri(address);
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        foreach (var span in OtlpTraceRequest.Parse(body.ToArray())) _spans.Enqueue(span);
        http.Response.ContentType = "application/x-protobuf";
        http.Response.StatusCode = 200; // an empty ExportTraceServiceResponse: everything accepted
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
