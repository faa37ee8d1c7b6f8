using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Auth;

internal static class OperatorBootstrap
{
    /// <summary>
    /// On a database that has never had an operator key, creates one and prints it once. The advisory lock
    /// makes two processes starting together on an empty database create one key, not two.
    /// </summary>
    public static async Task<string?> EnsureOperatorKeyAsync(AppDbContext db, TextWriter output)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('servicetasks.operator-bootstrap'))");
        if (await db.ApiKeys.AnyAsync(k => k.Role == Roles.Operator)) return null;

        var (row, key) = ApiKeys.Create(Roles.Operator, "bootstrap", appUuid: null);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        await output.WriteLineAsync($"Operator key: {key}");
        await output.WriteLineAsync("  (shown once; create more with: ServiceTasks keys create --role operator)");
        return key;
    }
}
