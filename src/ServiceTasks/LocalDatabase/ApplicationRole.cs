using Npgsql;

namespace ServiceTasks.LocalDatabase;

/// <summary>
/// The role the service connects as: LOGIN, NOSUPERUSER, NOBYPASSRLS, and the owner of its database, so it creates
/// and owns the schema (EF's and Hangfire's) while FORCE ROW LEVEL SECURITY still binds it. Made over a superuser
/// connection: by the local cluster, and by the test and benchmark harnesses.
/// </summary>
internal static class ApplicationRole
{
    public const string DefaultName = "servicetasks";

    /// <summary>Creates the role unless it exists; a concurrent starter that creates it first is fine.</summary>
    public static async Task EnsureAsync(string superuserConnectionString, string role, string password)
    {
        await ExecuteAsync(superuserConnectionString, $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {Literal(role)}) THEN
                CREATE ROLE {Identifier(role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD {Literal(password)};
              END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$
            """);
    }

    /// <summary>
    /// Creates the database owned by <paramref name="role"/>, or hands an existing one over to it: a database made
    /// before the role existed (owned by the superuser, as older versions of the local cluster made it) gets the
    /// role as owner of the database, of every schema, table, sequence, view and function in it, in one transaction.
    /// </summary>
    public static async Task EnsureDatabaseAsync(string superuserConnectionString, string database, string role)
    {
        var server = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Database = "postgres" }.ConnectionString;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var owner = new NpgsqlCommand("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", connection);
            owner.Parameters.AddWithValue(database);
            var current = (string?)await owner.ExecuteScalarAsync();
            if (current == role) return;
            if (current is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {Identifier(database)} OWNER {Identifier(role)}", connection);
                try
                {
                    await create.ExecuteNonQueryAsync();
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // A sibling process starting on the same cluster created it first, the same way.
                }
                return;
            }
        }
        var inDatabase = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Database = database }.ConnectionString;
        await ExecuteAsync(inDatabase, HandOverSql(database, role));
    }

    private static string HandOverSql(string database, string role) => $$"""
        BEGIN;
        DO $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT n.nspname FROM pg_namespace n
                   WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND pg_get_userbyid(n.nspowner) <> {{Literal(role)}} LOOP
            EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, {{Literal(role)}});
          END LOOP;
          -- Owned sequences (serial, identity) follow their table.
          FOR r IN SELECT c.oid::regclass AS name,
                          CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
                   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                     AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND pg_get_userbyid(c.relowner) <> {{Literal(role)}}
                     AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
            EXECUTE format('ALTER %s %s OWNER TO %I', r.kind, r.name, {{Literal(role)}});
          END LOOP;
          FOR r IN SELECT p.oid::regprocedure AS name, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind
                   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND pg_get_userbyid(p.proowner) <> {{Literal(role)}} LOOP
            EXECUTE format('ALTER %s %s OWNER TO %I', r.kind, r.name, {{Literal(role)}});
          END LOOP;
        END $$;
        ALTER DATABASE {{Identifier(database)}} OWNER TO {{Identifier(role)}};
        COMMIT;
        """;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // DDL takes no parameters; the names are ours (a constant, or generated by a harness), quoted all the same.
    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
