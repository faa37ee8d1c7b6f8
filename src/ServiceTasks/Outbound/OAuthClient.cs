using System.Security.Cryptography;
using System.Text;

namespace ServiceTasks.Outbound;

/// <summary>A service's client-credentials grant. Not a record: its generated ToString would print the secret.</summary>
internal sealed class OAuthClient(Guid appUuid, string tokenUrl, string clientId, string clientSecret, string? scope)
{
    public Guid AppUuid { get; } = appUuid;
    public string TokenUrl { get; } = tokenUrl;
    public string ClientId { get; } = clientId;
    public string ClientSecret { get; } = clientSecret;
    public string? Scope { get; } = scope;

    /// <summary>
    /// The app and every credential that obtained a token: token_url and client_id are not secrets, so another app (or
    /// a wrong secret) naming them must go to the token endpoint itself. The secret is kept in the key only as a hash.
    /// </summary>
    public OAuthCacheKey CacheKey { get; } = new(appUuid, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(clientSecret))),
        tokenUrl, clientId, scope);

    public override string ToString() => $"{ClientId} at {TokenUrl}";
}
