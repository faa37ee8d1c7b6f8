using Npgsql;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// Records, in a test's own database, the transaction that queued each Hangfire job, wrote each of its states, and
/// inserted and deleted each of Hangfire.PostgreSql's lock rows, and whether each of those transactions waited for the
/// disk at its commit (<c>synchronous_commit</c>), so a test can tell whether a job's state change took and released its
/// state lock in the same commit, and which commits are durable when acknowledged.
/// </summary>
internal static class CommitAudit
{
    /// <summary>Starts recording; installing it again changes nothing.</summary>
    public static Task InstallAsync(string database) => ScalarAsync<int>(database, """
        CREATE TABLE IF NOT EXISTS public.commit_audit (kind text NOT NULL, subject text NOT NULL, xid xid8 NOT NULL,
            synchronous_commit text NOT NULL DEFAULT current_setting('synchronous_commit'), seq bigint GENERATED ALWAYS AS IDENTITY);
        CREATE OR REPLACE FUNCTION public.audit_queued() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN INSERT INTO public.commit_audit VALUES ('queued', NEW.jobid::text, pg_current_xact_id()); RETURN NULL; END $$;
        CREATE OR REPLACE FUNCTION public.audit_unlocked() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN INSERT INTO public.commit_audit VALUES ('unlocked', OLD.resource, pg_current_xact_id()); RETURN NULL; END $$;
        CREATE OR REPLACE FUNCTION public.audit_locked() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN INSERT INTO public.commit_audit VALUES ('locked', NEW.resource, pg_current_xact_id()); RETURN NULL; END $$;
        CREATE OR REPLACE FUNCTION public.audit_state() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN INSERT INTO public.commit_audit VALUES ('state', NEW.jobid || ':' || NEW.name, pg_current_xact_id()); RETURN NULL; END $$;
        CREATE OR REPLACE FUNCTION public.audit_fetched() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN INSERT INTO public.commit_audit VALUES ('fetched', NEW.jobid::text, pg_current_xact_id()); RETURN NULL; END $$;
        CREATE OR REPLACE TRIGGER audit_fetched AFTER UPDATE OF fetchedat ON hangfire.jobqueue FOR EACH ROW
            WHEN (NEW.fetchedat IS NOT NULL) EXECUTE FUNCTION public.audit_fetched();
        CREATE OR REPLACE TRIGGER audit_queued AFTER INSERT ON hangfire.jobqueue FOR EACH ROW EXECUTE FUNCTION public.audit_queued();
        CREATE OR REPLACE TRIGGER audit_unlocked AFTER DELETE ON hangfire.lock FOR EACH ROW EXECUTE FUNCTION public.audit_unlocked();
        CREATE OR REPLACE TRIGGER audit_locked AFTER INSERT ON hangfire.lock FOR EACH ROW EXECUTE FUNCTION public.audit_locked();
        CREATE OR REPLACE TRIGGER audit_state AFTER INSERT ON hangfire.state FOR EACH ROW EXECUTE FUNCTION public.audit_state();
        SELECT 0;
        """);

    /// <summary>
    /// Test clusters run with <c>synchronous_commit</c> off for speed; this database's new sessions get production's
    /// default (on), so a commit that does not wait for the disk is one that asked not to.
    /// </summary>
    public static Task WaitForTheDiskByDefaultAsync(string database) => ScalarAsync<int>(database, """
        DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$;
        SELECT 0;
        """);

    /// <summary>How many of these jobs were queued by a transaction that also released the job's own state lock.</summary>
    public static Task<long> EnqueuedWithTheirLockReleasedAsync(string database, params string[] jobIds) => ScalarAsync<long>(database, """
        SELECT count(DISTINCT q.subject) FROM public.commit_audit q
        JOIN public.commit_audit l ON l.xid = q.xid AND l.kind = 'unlocked' AND l.subject = 'hangfire:job:' || q.subject || ':state-lock'
        WHERE q.kind = 'queued' AND q.subject = ANY($1)
        """, (object)jobIds);

    /// <summary>
    /// The job's states, in the order written, each with whether the transaction that wrote it also took and released
    /// the job's state lock, and whether its commit waited for the disk.
    /// </summary>
    public static Task<List<(string State, bool LockedInItsCommit, bool Durable)>> StatesAsync(string database, string jobId) =>
        ListAsync(database, """
            SELECT split_part(s.subject, ':', 2),
                   EXISTS (SELECT 1 FROM public.commit_audit l WHERE l.xid = s.xid AND l.kind = 'locked' AND l.subject = r.resource)
                   AND EXISTS (SELECT 1 FROM public.commit_audit u WHERE u.xid = s.xid AND u.kind = 'unlocked' AND u.subject = r.resource),
                   s.synchronous_commit <> 'off'
            FROM public.commit_audit s, LATERAL (SELECT 'hangfire:job:' || $1 || ':state-lock' AS resource) r
            WHERE s.kind = 'state' AND s.subject LIKE $1 || ':%'
            ORDER BY s.seq
            """, jobId, r => (r.GetString(0), r.GetBoolean(1), r.GetBoolean(2)));

    /// <summary>For each time the job's queue entry was fetched, whether that commit waited for the disk.</summary>
    public static Task<List<bool>> FetchesDurableAsync(string database, string jobId) => ListAsync(database,
        "SELECT synchronous_commit <> 'off' FROM public.commit_audit WHERE kind = 'fetched' AND subject = $1 ORDER BY seq",
        jobId, r => r.GetBoolean(0));

    /// <summary>How many times the job's state lock was released, so taken, since the audit was installed.</summary>
    public static Task<long> LockReleasesAsync(string database, string jobId) => ScalarAsync<long>(database,
        "SELECT count(*) FROM public.commit_audit WHERE kind = 'unlocked' AND subject = 'hangfire:job:' || $1 || ':state-lock'", jobId);

    private static async Task<List<T>> ListAsync<T>(string database, string sql, string jobId, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(jobId);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
