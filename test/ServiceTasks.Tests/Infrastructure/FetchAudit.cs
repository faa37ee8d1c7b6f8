using Npgsql;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// Counts the statements that update Hangfire's queue table in a test's own database, whether or not they took a row:
/// a worker's look at the queue is such an UPDATE (a fetched job's heartbeat is too, every fifth of the invisibility
/// timeout). Removed again on dispose.
/// </summary>
internal sealed class FetchAudit(string database) : IAsyncDisposable
{
    public static async Task<FetchAudit> InstallAsync(string database)
    {
        await ExecuteAsync(database, """
            CREATE TABLE IF NOT EXISTS public.fetch_audit (at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE OR REPLACE FUNCTION public.audit_fetch() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
            BEGIN INSERT INTO public.fetch_audit DEFAULT VALUES; RETURN NULL; END $$;
            TRUNCATE public.fetch_audit;
            CREATE OR REPLACE TRIGGER audit_fetch AFTER UPDATE ON hangfire.jobqueue FOR EACH STATEMENT EXECUTE FUNCTION public.audit_fetch();
            """);
        return new FetchAudit(database);
    }

    public async Task<long> CountAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM public.fetch_audit", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync(database, "DROP TRIGGER IF EXISTS audit_fetch ON hangfire.jobqueue");

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
