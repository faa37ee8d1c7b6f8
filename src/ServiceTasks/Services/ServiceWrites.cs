using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Services;

/// <summary>What every write of a service shares: versions, ETags, and the database as the judge of conflicts.</summary>
internal static class ServiceWrites
{
    /// <summary>The unique index on (app_uuid, lower(service_name)).</summary>
    public const string NameIndex = "ix_service_configurations_app_uuid_service_name_key";
    private const string VersionKey = "pk_service_configuration_versions";

    /// <summary>Attempts of a write without If-Match that lost a race before it answers 409.</summary>
    public const int Attempts = 5;

    public static string ETag(int version) => $"\"v{version}\"";

    public static bool HasIfMatch(HttpRequest request) => request.Headers.IfMatch.Count > 0;

    /// <summary>True when If-Match is absent, <c>*</c>, or names the current version (weak or strong form).</summary>
    public static bool IfMatchHolds(HttpRequest request, int version)
    {
        if (!HasIfMatch(request)) return true;
        var tags = request.Headers.IfMatch.SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries));
        return tags.Any(t => t == "*" || (t.StartsWith("W/") ? t[2..] : t) == ETag(version));
    }

    /// <summary>Bumps the version and records it, with the snapshot the execution code will load for it.</summary>
    /// <param name="createdNow">A new service: version 1, created and updated at the same instant.</param>
    public static void AddVersion(AppDbContext db, ServiceConfiguration service, string changedBy, bool createdNow = false)
    {
        if (!createdNow) service.Version++;
        service.UpdatedAt = ServiceMapping.Now();
        if (createdNow) service.CreatedAt = service.UpdatedAt;
        db.ServiceConfigurationVersions.Add(ServiceSnapshot.Of(service, changedBy));
    }

    /// <summary>Saves; a name taken by another row and a lost race come back as outcomes, not exceptions.</summary>
    public static async Task<SaveOutcome> SaveAsync(AppDbContext db)
    {
        try
        {
            await db.SaveChangesAsync();
            return SaveOutcome.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveOutcome.Conflict;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            if (pg.ConstraintName == NameIndex) return SaveOutcome.NameClash;
            if (pg.ConstraintName == VersionKey) return SaveOutcome.Conflict;
            throw;
        }
    }

    public static ProblemHttpResult NameClash(string? name) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Name already used",
        detail: $"service_name: another service of this app is already named '{name}' (names ignore case).",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["service_name"] = ["is already used by another service."] } });

    /// <param name="version">The current version when known; null when another write just replaced it.</param>
    public static ProblemHttpResult PreconditionFailed(int? version) => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
        detail: version is { } v
            ? $"If-Match does not name the current version; the service is at {ETag(v)}. Read it again and retry."
            : "Another write changed the service first; read it again and retry.");

    public static ProblemHttpResult LostRace() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Concurrent change",
        detail: "The service kept changing while this write was retried; read it again and retry.");
}
