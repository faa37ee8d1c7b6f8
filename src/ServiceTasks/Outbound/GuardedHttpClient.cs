using System.Net;
using Flurl;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Outbound;

/// <summary>
/// The one outbound HTTP client of the process (REAL services, OAuth token endpoints, callbacks): a single pooled
/// handler behind the SSRF guard, so sockets are reused and no request can reach a blocked address.
/// </summary>
internal sealed class GuardedHttpClient : IDisposable
{
    public const int MaxRedirects = 3;

    private readonly FlurlClient _client;

    public GuardedHttpClient(IOptions<HttpClientOptions> options) : this(options.Value) { }

    /// <param name="connect">Replaces the socket connect, for tests that must prove nothing was dialled.</param>
    internal GuardedHttpClient(HttpClientOptions options, Func<IPEndPoint, CancellationToken, ValueTask<Stream>>? connect = null)
    {
        Options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = new SsrfGuard(options, connect).ConnectAsync,
            // Flurl follows redirects itself and counts them; the handler must not do it behind its back.
            AllowAutoRedirect = false,
            // Through a proxy the guard would only ever see the proxy's address, never the target's.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            // Recycled so a changed DNS answer is picked up (and checked again by the guard).
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _client = new FlurlClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan });
        _client.Settings.Timeout = null; // callers pass a token that carries their own timeout
        _client.Settings.AllowedHttpStatusRange = "*";
        _client.Settings.Redirects.Enabled = true;
        _client.Settings.Redirects.MaxAutoRedirects = MaxRedirects;
    }

    public HttpClientOptions Options { get; }

    public IFlurlRequest Request(Url url) => _client.Request(url);

    public void Dispose() => _client.Dispose();
}
