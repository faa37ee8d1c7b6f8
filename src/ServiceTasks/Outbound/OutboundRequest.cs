using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Flurl;

namespace ServiceTasks.Outbound;

/// <summary>One REAL call as it will be sent, with its redacted twin for the log and the secrets to scrub from messages.</summary>
internal sealed class OutboundRequest
{
    public const string Redacted = "***";
    private static readonly string[] AllowedMethods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    private readonly List<(string Name, string Value, bool Secret)> _headers = [];
    private readonly List<string> _secrets = [];

    private OutboundRequest(HttpMethod method, Url url, Url redactedUrl)
    {
        Method = method;
        Url = url;
        RedactedUrl = redactedUrl;
    }

    public HttpMethod Method { get; }
    public Url Url { get; }
    public Url RedactedUrl { get; }
    public string? Body { get; private init; }
    public OAuthClient? OAuth { get; private set; }
    public IEnumerable<(string Name, string Value)> Headers => _headers.Select(h => (h.Name, h.Value));

    /// <exception cref="InvalidServiceConfigurationException">The configuration can never produce a valid request.</exception>
    public static OutboundRequest Build(AttemptRequest attempt, SecretProtector protector)
    {
        var service = attempt.Service;
        var endpoint = RequireHttpUrl(service.EndpointUrl, "endpoint_url");
        var method = (service.HttpMethod ?? "GET").ToUpperInvariant();
        if (!AllowedMethods.Contains(method))
            throw new InvalidServiceConfigurationException($"http_method '{service.HttpMethod}' is not one of {string.Join(", ", AllowedMethods)}.");

        var url = new Url(endpoint);
        var inQuery = method is "GET" or "DELETE";
        if (inQuery) QueryMapping.Append(url, attempt.Input);
        var redactedUrl = new Url(url.ToString());
        if (!string.IsNullOrEmpty(url.UserInfo)) redactedUrl.UserInfo = Redacted;

        var request = new OutboundRequest(new HttpMethod(method), url, redactedUrl)
        {
            Body = inQuery || attempt.Input is null ? null : attempt.Input.ToJsonString(),
        };
        if (service.SendIdempotencyKey) request.SetHeader("Idempotency-Key", attempt.TaskId.ToString(), secret: false);
        request.AddAuthentication(service.AppUuid, service.Authentication ?? new AuthenticationSettings(), protector);
        foreach (var (name, value) in service.Headers ?? [])
        {
            var secret = ServiceSecrets.IsSecretHeader(name);
            request.SetHeader(name, secret ? request.Reveal(value, $"headers.{name}", protector) : value, secret);
        }
        return request;
    }

    /// <summary>Method, URL, headers and body as sent, with every secret shown as <c>***</c>.</summary>
    public JsonObject ToRequestData()
    {
        var headers = new JsonObject();
        foreach (var (name, value, secret) in _headers) headers[name] = secret ? Redacted : value;
        if (OAuth is not null && !headers.ContainsKey("Authorization")) headers["Authorization"] = Redacted;
        if (Body is not null) headers["Content-Type"] = "application/json; charset=utf-8";
        return new JsonObject
        {
            ["method"] = Method.Method,
            ["url"] = RedactedUrl.ToString(),
            ["headers"] = headers,
            ["body"] = Body is null ? null : JsonNode.Parse(Body),
        };
    }

    /// <summary>Removes any secret of this request from a text bound for a log row (exception messages quote URLs).</summary>
    public string Scrub(string text) =>
        _secrets.Where(s => s.Length > 0).Aggregate(text, (current, s) => current.Replace(s, Redacted, StringComparison.Ordinal));

    private void AddAuthentication(Guid appUuid, AuthenticationSettings auth, SecretProtector protector)
    {
        switch (auth.Type)
        {
            case "none":
                break;
            case "api_key":
                var key = Reveal(auth.ApiKey, "authentication.api_key", protector);
                if (!string.IsNullOrEmpty(auth.QueryParam))
                {
                    Url.AppendQueryParam(auth.QueryParam, key);
                    RedactedUrl.AppendQueryParam(auth.QueryParam, Redacted, isEncoded: true);
                }
                else SetHeader(string.IsNullOrEmpty(auth.HeaderName) ? "X-API-Key" : auth.HeaderName, key, secret: true);
                break;
            case "bearer":
                SetHeader("Authorization", "Bearer " + Reveal(auth.Token, "authentication.token", protector), secret: true);
                break;
            case "basic":
                var password = Reveal(auth.Password, "authentication.password", protector);
                var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{password}"));
                _secrets.Add(pair);
                SetHeader("Authorization", "Basic " + pair, secret: true);
                break;
            case "oauth2_client_credentials":
                var tokenUrl = RequireHttpUrl(auth.TokenUrl, "authentication.token_url");
                if (string.IsNullOrEmpty(auth.ClientId))
                    throw new InvalidServiceConfigurationException("authentication.client_id is required for oauth2_client_credentials.");
                OAuth = new OAuthClient(appUuid, tokenUrl, auth.ClientId, Reveal(auth.ClientSecret, "authentication.client_secret", protector), auth.Scope);
                break;
            default:
                throw new InvalidServiceConfigurationException($"authentication.type '{auth.Type}' is not supported.");
        }
    }

    private string Reveal(string? stored, string member, SecretProtector protector)
    {
        if (string.IsNullOrEmpty(stored))
            throw new InvalidServiceConfigurationException($"{member} is missing.");
        try
        {
            var plaintext = protector.Unprotect(stored);
            _secrets.Add(plaintext);
            return plaintext;
        }
        catch (CryptographicException)
        {
            throw new InvalidServiceConfigurationException(
                $"{member} cannot be decrypted (was the Data Protection key ring lost?); set it again.");
        }
    }

    /// <summary>Later values replace earlier ones, so custom headers go on top of the built-in ones.</summary>
    private void SetHeader(string name, string value, bool secret)
    {
        _headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        _headers.Add((name, value, secret));
        if (secret) _secrets.Add(value);
    }

    private static string RequireHttpUrl(string? value, string field) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? value!
            : throw new InvalidServiceConfigurationException($"{field} '{value}' is not an absolute http or https URL.");
}
