using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Auth;

/// <summary>Accepts <c>Authorization: Bearer st_...</c> or <c>X-Api-Key: st_...</c>; answers 401/403 through <see cref="AuthAnswers"/>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppDbContext db, ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ReadKey();
        if (key is null) return AuthenticateResult.NoResult();

        var hash = ApiKeys.Hash(key);
        var row = cache.Find(hash) ?? await ReadAsync(hash);
        if (row is null) return AuthenticateResult.Fail("Unknown or revoked key.");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(IdentityFor(row, SchemeName)), SchemeName));
    }

    /// <summary>A valid key from the database (remembered for a second), or null; last_used_at is kept to the minute.</summary>
    private async Task<ApiKey?> ReadAsync(string hash)
    {
        var generation = cache.Generation;
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash);
        if (row is null || row.RevokedAt is not null) return null;

        var now = DateTimeOffset.UtcNow;
        if (row.LastUsedAt is null || now - row.LastUsedAt > LastUsedResolution)
            await db.ApiKeys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now));
        cache.Remember(hash, row, generation);
        return row;
    }

    /// <summary>The claims a key grants; the admin pages' cookie carries the same ones, so policies see no difference.</summary>
    public static ClaimsIdentity IdentityFor(ApiKey row, string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, row.Id.ToString()),
            new(ClaimTypes.Name, $"{row.Role}:{row.Name}"),
            new(ClaimTypes.Role, row.Role),
        ];
        if (row.AppUuid is { } app) claims.Add(new Claim(Caller.AppClaim, app.ToString()));
        return new ClaimsIdentity(claims, scheme);
    }

    private string? ReadKey()
    {
        if (Request.Headers.TryGetValue("X-Api-Key", out var apiKey) && !string.IsNullOrWhiteSpace(apiKey))
            return apiKey.ToString().Trim();
        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "A valid API key is required.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "This key's role may not do this.");

    private Task WriteProblemAsync(int status, string detail) => AuthAnswers.WriteAsync(Context, status, detail);
}
