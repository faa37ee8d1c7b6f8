
namespace ServiceTasks.Services;

/// <summary>Which members each authentication type takes (docs/services.md), and what makes it complete.</summary>
internal static class AuthenticationRules
{
    public const string DefaultApiKeyHeader = "X-API-Key";

    private static readonly Dictionary<string, string[]> Members = new()
    {
        ["none"] = [],
        ["api_key"] = ["api_key", "header_name", "query_param"],
        ["bearer"] = ["token"],
        ["basic"] = ["username", "password"],
        ["oauth2_client_credentials"] = ["token_url", "client_id", "client_secret", "scope"],
    };

    public static IEnumerable<string> Types => Members.Keys;

    public static string[]? MembersOf(string? type) => type is not null && Members.TryGetValue(type, out var m) ? m : null;

    public static IEnumerable<(string Name, string Value)> Present(AuthenticationSettings a)
    {
        (string, string?)[] all =
        [
            ("api_key", a.ApiKey), ("header_name", a.HeaderName), ("query_param", a.QueryParam), ("token", a.Token),
            ("username", a.Username), ("password", a.Password), ("token_url", a.TokenUrl), ("client_id", a.ClientId),
            ("client_secret", a.ClientSecret), ("scope", a.Scope),
        ];
        return all.Where(m => m.Item2 is not null).Select(m => (m.Item1, m.Item2!));
    }

    /// <summary>Checks the non-secret members (secrets were checked as they were resolved) and fills defaults.</summary>
    public static AuthenticationSettings Complete(AuthenticationSettings a, FieldErrors errors)
    {
        const string at = "authentication.";
        switch (a.Type)
        {
            case "api_key" when a.HeaderName is not null && a.QueryParam is not null:
                errors.Add(at + "query_param", "give header_name or query_param, not both.");
                break;
            case "api_key" when a.QueryParam is not null:
                errors.Required(at + "query_param", a.QueryParam);
                break;
            case "api_key":
                a = a with { HeaderName = a.HeaderName ?? DefaultApiKeyHeader };
                if (!FieldErrors.IsToken(a.HeaderName!)) errors.Add(at + "header_name", "is not a valid HTTP header name.");
                break;
            case "basic":
                if (errors.Required(at + "username", a.Username) && a.Username!.Contains(':'))
                    errors.Add(at + "username", "must not contain ':' (basic authentication).");
                break;
            case "oauth2_client_credentials":
                if (a.TokenUrl is null) errors.Add(at + "token_url", "is required for authentication type oauth2_client_credentials.");
                errors.AbsoluteHttpUrl(at + "token_url", a.TokenUrl);
                errors.Required(at + "client_id", a.ClientId?.Trim(), 500);
                errors.MaxLength(at + "scope", a.Scope, 1000);
                break;
        }
        return a;
    }
}
