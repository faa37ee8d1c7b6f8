using System.Security.Cryptography;

namespace ServiceTasks.Services;

/// <summary>
/// The secret members of <c>authentication</c> (api_key, token, password, client_secret) and the values of custom
/// headers whose names say they carry a credential: encrypted before they are stored, masked in every answer, left
/// out of exports. A masked value sent back means "keep the stored one".
/// </summary>
internal sealed class ServiceSecrets(SecretProtector protector)
{
    private static readonly string[] SecretHeaderWords = ["key", "token", "secret", "auth"];

    /// <summary>A custom header whose name contains key, token, secret or auth carries a secret.</summary>
    public static bool IsSecretHeader(string name) =>
        SecretHeaderWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    public Dictionary<string, string>? MaskHeaders(Dictionary<string, string>? stored) =>
        stored?.ToDictionary(h => h.Key, h => IsSecretHeader(h.Key) ? MaskOne(h.Value)! : h.Value);

    public static Dictionary<string, string>? StripHeaders(Dictionary<string, string>? stored) =>
        stored?.Where(h => !IsSecretHeader(h.Key)).ToDictionary(h => h.Key, h => h.Value);

    /// <summary>Secret headers encrypted, masked ones kept as stored, and (for imports) omitted ones kept too.</summary>
    public Dictionary<string, string>? ResolveHeaders(
        Dictionary<string, string>? incoming, Dictionary<string, string>? stored, bool keepOmitted, FieldErrors errors)
    {
        if (incoming is null) return null;
        string? StoredValue(string name) => stored?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        var resolved = new Dictionary<string, string>();
        foreach (var (name, value) in incoming)
        {
            if (!IsSecretHeader(name)) resolved[name] = value;
            else if (!SecretProtector.IsMasked(value))
                resolved[name] = StoredValue(name) is { } same && Reveal(same) == value ? same : protector.Protect(value);
            else if (StoredValue(name) is { } kept) resolved[name] = kept;
            else errors.Add($"headers.{name}", "is a masked value but none is stored; send the secret itself.");
        }
        if (keepOmitted)
            foreach (var (name, value) in stored ?? [])
                if (IsSecretHeader(name) && !incoming.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)))
                    resolved[name] = value;
        return resolved;
    }

    public AuthenticationSettings? Mask(AuthenticationSettings? stored) => stored is null ? null : stored with
    {
        ApiKey = MaskOne(stored.ApiKey),
        Token = MaskOne(stored.Token),
        Password = MaskOne(stored.Password),
        ClientSecret = MaskOne(stored.ClientSecret),
    };

    public static AuthenticationSettings? Strip(AuthenticationSettings? stored) =>
        stored is null ? null : stored with { ApiKey = null, Token = null, Password = null, ClientSecret = null };

    /// <summary>
    /// Validates <paramref name="incoming"/> for its type and returns what to store: secrets encrypted, the stored
    /// ciphertext kept where the value is masked, unchanged, or (with <paramref name="keepOmitted"/>, for imports) absent.
    /// </summary>
    public AuthenticationSettings? Resolve(AuthenticationSettings? incoming, AuthenticationSettings? stored, bool keepOmitted, FieldErrors errors)
    {
        if (incoming is null) return null;
        const string at = "authentication.";
        var members = AuthenticationRules.MembersOf(incoming.Type);
        if (members is null)
        {
            errors.Add(at + "type", $"must be one of {string.Join(", ", AuthenticationRules.Types)}.");
            return null;
        }
        foreach (var (name, value) in AuthenticationRules.Present(incoming))
            if (!members.Contains(name) && !SecretProtector.IsMasked(value))
                errors.Add(at + name, $"is not used by authentication type {incoming.Type}.");

        string? Secret(string name, string? value, string? storedValue)
        {
            if (!members.Contains(name)) return null;
            if (value is null && keepOmitted && storedValue is not null) return storedValue;
            if (value is not null && SecretProtector.IsMasked(value))
            {
                if (storedValue is null) errors.Add(at + name, "is a masked value but none is stored; send the secret itself.");
                return storedValue;
            }
            if (string.IsNullOrEmpty(value)) { errors.Add(at + name, $"is required for authentication type {incoming.Type}."); return null; }
            errors.MaxLength(at + name, value, 4096);
            return storedValue is not null && Reveal(storedValue) == value ? storedValue : protector.Protect(value);
        }

        var resolved = new AuthenticationSettings
        {
            Type = incoming.Type,
            ApiKey = Secret("api_key", incoming.ApiKey, stored?.ApiKey),
            Token = Secret("token", incoming.Token, stored?.Token),
            Password = Secret("password", incoming.Password, stored?.Password),
            ClientSecret = Secret("client_secret", incoming.ClientSecret, stored?.ClientSecret),
            HeaderName = members.Contains("header_name") ? incoming.HeaderName : null,
            QueryParam = members.Contains("query_param") ? incoming.QueryParam : null,
            Username = members.Contains("username") ? incoming.Username : null,
            TokenUrl = members.Contains("token_url") ? incoming.TokenUrl : null,
            ClientId = members.Contains("client_id") ? incoming.ClientId : null,
            Scope = members.Contains("scope") ? incoming.Scope : null,
        };
        return AuthenticationRules.Complete(resolved, errors);
    }

    private string? MaskOne(string? protectedValue) => protectedValue is null ? null : SecretProtector.Mask(Reveal(protectedValue) ?? "");

    private string? Reveal(string protectedValue)
    {
        try { return protector.Unprotect(protectedValue); }
        catch (CryptographicException) { return null; } // a lost key ring: show "***", and treat any new value as new
    }
}
