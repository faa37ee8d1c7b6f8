using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>An OTLP/HTTP trace collector on 127.0.0.1: accepts POST /v1/traces (protobuf) and keeps every span.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();

    private OtlpReceiver()
    {
    }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends v1/traces).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<OtlpSpan> Spans => _spans.ToArray();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        (receiver._app, receiver.Endpoint) = await LoopbackHost.StartAsync(app => app.MapPost("/v1/traces", receiver.ReceiveAsync));
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
