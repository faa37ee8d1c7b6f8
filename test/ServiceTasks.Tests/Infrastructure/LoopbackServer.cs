using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for a REAL service, an OAuth token endpoint or a callback receiver.
/// It records every request and answers per path: a fixed sequence (<see cref="Reply"/>) or a handler (<see cref="Handle"/>).
/// Unknown paths answer 404.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Func<LoopbackRequest, int, LoopbackResponse>> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<Task<LoopbackServer>> SharedServer = new(StartAsync);

    private LoopbackServer()
    {
    }

    /// <summary>
    /// One server for the whole run, started on first use and stopped at assembly cleanup, for tests that each answer on
    /// paths of their own and look only at the requests to those paths.
    /// </summary>
    public static LoopbackServer Shared => SharedServer.Value.GetAwaiter().GetResult();

    public static async Task StopSharedAsync()
    {
        if (SharedServer.IsValueCreated) await (await SharedServer.Value).DisposeAsync();
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LoopbackServer> StartAsync()
    {
        var server = new LoopbackServer();
        (server._app, server.BaseAddress) = await LoopbackHost.StartAsync(app => app.Run(server.ServeAsync));
        return server;
    }

    /// <summary>An absolute URL on this server, e.g. <c>Url("/orders?x=1")</c>.</summary>
    public string Url(string pathAndQuery) => new Uri(BaseAddress, pathAndQuery).ToString();

    public int Port => BaseAddress.Port;

    /// <summary>Answers the n-th call to <paramref name="path"/> with the n-th response; the last one repeats.</summary>
    public void Reply(string path, params LoopbackResponse[] sequence) =>
        Handle(path, (_, n) => sequence[Math.Min(n, sequence.Length - 1)]);

    /// <summary>Answers calls to <paramref name="path"/> with a handler given the request and its 0-based call number.</summary>
    public void Handle(string path, Func<LoopbackRequest, int, LoopbackResponse> handler) => _routes[path] = handler;

    public IReadOnlyList<LoopbackRequest> Requests => _requests.ToArray();

    public IReadOnlyList<LoopbackRequest> RequestsTo(string path) =>
        _requests.Where(r => string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase)).ToArray();

    private async Task ServeAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var request = new LoopbackRequest(
            http.Request.Method,
            http.Request.Path.Value ?? "/",
            http.Request.Path.Value + http.Request.QueryString.Value,
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync());
        _requests.Enqueue(request);

        if (!_routes.TryGetValue(request.Path, out var handler))
        {
            http.Response.StatusCode = 404;
            return;
        }
        var call = _counts.AddOrUpdate(request.Path, 0, (_, n) => n + 1);
        var response = handler(request, call);
        if (response.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(response.Delay, http.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        await response.WriteAsync(http);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
