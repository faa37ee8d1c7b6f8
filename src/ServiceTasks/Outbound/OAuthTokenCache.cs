using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flurl.Http;

namespace ServiceTasks.Outbound;

/// <summary>
/// Client-credentials tokens shared by the attempts and tasks of one app that use the same credentials (app, secret,
/// token_url, client_id, scope), kept until 30 s before they expire. One fetch at a time per key, so a burst of tasks
/// asks once.
/// </summary>
internal sealed class OAuthTokenCache(GuardedHttpClient http)
{
    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(30);
    private const int MaxTokenResponseBytes = 64 * 1024;

    private sealed record Token(string Value, DateTimeOffset RenewAt);

    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile Token? Current;
    }

    private readonly ConcurrentDictionary<OAuthCacheKey, Entry> _entries = new();

    public async Task<string> GetAsync(OAuthClient client, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(client.CacheKey, _ => new Entry());
        if (entry.Current is { } cached && cached.RenewAt > DateTimeOffset.UtcNow) return cached.Value;

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (entry.Current is { } fresh && fresh.RenewAt > DateTimeOffset.UtcNow) return fresh.Value;
            var token = await FetchAsync(client, cancellationToken);
            entry.Current = token;
            return token.Value;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Drops a token the service rejected, unless another caller has already replaced it.</summary>
    public void Invalidate(OAuthClient client, string rejected)
    {
        if (_entries.TryGetValue(client.CacheKey, out var entry) && entry.Current?.Value == rejected) entry.Current = null;
    }

    private async Task<Token> FetchAsync(OAuthClient client, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
        };
        if (!string.IsNullOrEmpty(client.Scope)) form["scope"] = client.Scope;

        using var response = await http.Request(client.TokenUrl)
            .WithHeader("Accept", "application/json")
            .WithSettings(s => s.Redirects.Enabled = false)
            .PostUrlEncodedAsync(form, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = response.StatusCode;
        if (status is < 200 or > 299)
            throw new OAuthTokenException($"The OAuth2 token endpoint {client.TokenUrl} answered HTTP {status}.",
                ResponseBody.IsRetryableStatus(status));

        var body = await ResponseBody.ReadAsync(response.ResponseMessage, MaxTokenResponseBytes, cancellationToken);
        if (body.Data is not JsonObject json || json["access_token"]?.GetValueKind() != JsonValueKind.String)
            throw new OAuthTokenException($"The OAuth2 token endpoint {client.TokenUrl} answered without an access_token.", false);

        var lifetime = ExpiresIn(json["expires_in"]) ?? TimeSpan.FromMinutes(5);
        var renewIn = lifetime > RenewBeforeExpiry * 2 ? lifetime - RenewBeforeExpiry : lifetime / 2;
        return new Token(json["access_token"]!.GetValue<string>(), DateTimeOffset.UtcNow + renewIn);
    }

    private static TimeSpan? ExpiresIn(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number => TimeSpan.FromSeconds(value.GetValue<double>()),
        JsonValueKind.String when double.TryParse(value.GetValue<string>(), out var s) => TimeSpan.FromSeconds(s),
        _ => null,
    };
}
