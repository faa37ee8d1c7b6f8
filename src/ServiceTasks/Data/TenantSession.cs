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
internal static partial class TenantSession
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
