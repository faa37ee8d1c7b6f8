using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Npgsql;

namespace ServiceTasks.Data;

/// <summary>
/// The two settings the row-level security policies read (migration TenantRowLevelSecurity), and what each open
/// connection was last given, so <see cref="TenantSessionInterceptor"/> sends them only when they must change.
/// </summary>
internal static class TenantSession
{
    public const string AppUuidSetting = "servicetasks.app_uuid";
    public const string AllAppsSetting = "servicetasks.all_apps";

    private const string SetSql = $"SELECT set_config('{AppUuidSetting}', $1, false), set_config('{AllAppsSetting}', $2, false)";

    /// <summary>What each open connection was last given; an entry goes when the connection closes.</summary>
    private static readonly ConditionalWeakTable<DbConnection, Setting> Applied = new();

    /// <summary>Connection strings whose pool resets a returned connection (Npgsql's default, unless No Reset On Close).</summary>
    private static readonly ConcurrentDictionary<string, bool> ResettingPools = new();

    private sealed record Setting(string AppUuid, string AllApps)
    {
        public static readonly Setting None = new("", "off");

        public static Setting Of(CurrentTenant tenant) => new(tenant.AppUuid?.ToString() ?? "", tenant.AllApps ? "on" : "off");
    }

    /// <summary>
    /// A connection from a resetting pool starts with neither setting, which is exactly "no tenant": nothing is sent,
    /// and a tenant or the bypass is set before the first command that needs it. The API key lookup of every request,
    /// which runs before the tenant is known, costs no statement.
    /// </summary>
    public static void Opened(DbConnection connection)
    {
        if (ResettingPools.GetOrAdd(connection.ConnectionString, cs => !new NpgsqlConnectionStringBuilder(cs).NoResetOnClose))
            Applied.AddOrUpdate(connection, Setting.None);
    }

    /// <summary>Closed, or rolled back (which undoes a setting made inside the transaction): set it again next time.</summary>
    public static void Forget(DbConnection connection) => Applied.Remove(connection);

    /// <summary>Commands that carry the setting in front of their own SQL, until their result is seen.</summary>
    private static readonly ConditionalWeakTable<DbCommand, Setting> Carrying = new();

    /// <summary>
    /// Puts the setting, when the connection needs it, in front of the command's own SQL: one round trip instead of
    /// two, and outside a transaction one implicit transaction instead of two. Only where Npgsql splits the text into
    /// statements (named or no parameters); elsewhere it is sent first, as <see cref="EnsureSetAsync"/> does. The
    /// reader's first result is then the setting's row, which <see cref="SkipCarriedResult"/> passes over.
    /// </summary>
    public static bool TryCarry(DbCommand command, CurrentTenant tenant)
    {
        if (Stale(command, tenant) is not { } setting) return true;
        if (!SplitsStatements(command)) return false;
        command.CommandText = Literal(setting) + ";\n" + command.CommandText;
        Carrying.AddOrUpdate(command, setting);
        Applied.AddOrUpdate(command.Connection!, setting);
        return true;
    }

    /// <summary>
    /// Moves the reader past the setting's row to the command's own result. An error of the command's own SQL shows
    /// here rather than when it was executed: the reader is closed (else the connection stays busy) and the setting,
    /// rolled back with the failed statement, is forgotten.
    /// </summary>
    public static void SkipCarriedResult(DbCommand command, DbDataReader reader)
    {
        if (!Carrying.Remove(command)) return;
        try
        {
            reader.NextResult();
        }
        catch
        {
            Forget(command.Connection!);
            reader.Dispose();
            throw;
        }
    }

    public static async Task SkipCarriedResultAsync(DbCommand command, DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!Carrying.Remove(command)) return;
        try
        {
            await reader.NextResultAsync(cancellationToken);
        }
        catch
        {
            Forget(command.Connection!);
            await reader.DisposeAsync();
            throw;
        }
    }

    /// <summary>A failed command rolled its implicit transaction back, and the setting it carried with it.</summary>
    public static void Failed(DbCommand command)
    {
        if (Carrying.Remove(command) && command.Connection is { } connection) Applied.Remove(connection);
    }

    public static void Carried(DbCommand command) => Carrying.Remove(command);

    private static bool SplitsStatements(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
            if (string.IsNullOrEmpty(parameter.ParameterName)) return false;
        return true;
    }

    // Both values are ours (a Guid's text, on/off), so they go in as literals and need no parameter of their own.
    private static string Literal(Setting setting) =>
        $"SELECT set_config('{AppUuidSetting}', '{setting.AppUuid}', false), set_config('{AllAppsSetting}', '{setting.AllApps}', false)";

    public static void EnsureSet(DbCommand command, CurrentTenant tenant)
    {
        if (Stale(command, tenant) is not { } setting) return;
        using var set = Command(command, setting);
        set.ExecuteNonQuery();
        Applied.AddOrUpdate(command.Connection!, setting);
    }

    public static async Task EnsureSetAsync(DbCommand command, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        if (Stale(command, tenant) is not { } setting) return;
        await using var set = Command(command, setting);
        await set.ExecuteNonQueryAsync(cancellationToken);
        Applied.AddOrUpdate(command.Connection!, setting);
    }

    /// <summary>The setting to give the command's connection first, or null when it already has it.</summary>
    private static Setting? Stale(DbCommand command, CurrentTenant tenant)
    {
        if (command.Connection is not { State: ConnectionState.Open } connection) return null;
        var wanted = Setting.Of(tenant);
        return Applied.TryGetValue(connection, out var applied) && applied == wanted ? null : wanted;
    }

    private static DbCommand Command(DbCommand before, Setting setting)
    {
        var command = before.Connection!.CreateCommand();
        command.CommandText = SetSql;
        command.Transaction = before.Transaction;
        foreach (var value in new[] { setting.AppUuid, setting.AllApps })
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
