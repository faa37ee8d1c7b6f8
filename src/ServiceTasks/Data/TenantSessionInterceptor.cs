using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ServiceTasks.Data;

/// <summary>
/// The second tenant wall's half in the service: before EF's first command on a connection, the connection gets the
/// context's <see cref="CurrentTenant"/> as the two settings the row-level security policies read (see the
/// TenantRowLevelSecurity migration). A tenant changed while the connection stays open (inside a transaction, say)
/// is set again before EF's next command; a rollback, which undoes a setting made inside it, forces that too.
/// Npgsql's pool resets a returned connection (DISCARD ALL), so the settings never reach the next borrower.
/// </summary>
public sealed class TenantSessionInterceptor : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public const string AppUuidSetting = "servicetasks.app_uuid";
    public const string AllAppsSetting = "servicetasks.all_apps";

    public static readonly TenantSessionInterceptor Instance = new();

    private const string SetSql = $"SELECT set_config('{AppUuidSetting}', $1, false), set_config('{AllAppsSetting}', $2, false)";

    /// <summary>What each open connection was last given; an entry goes when the connection closes.</summary>
    private static readonly ConditionalWeakTable<DbConnection, Setting> Applied = new();

    private TenantSessionInterceptor()
    {
    }

    /// <summary>Connection strings whose pool resets a returned connection (Npgsql's default, unless No Reset On Close).</summary>
    private static readonly ConcurrentDictionary<string, bool> ResettingPools = new();

    private sealed record Setting(string AppUuid, string AllApps)
    {
        public static readonly Setting None = new("", "off");

        public static Setting Of(CurrentTenant tenant) => new(tenant.AppUuid?.ToString() ?? "", tenant.AllApps ? "on" : "off");
    }

    // A connection from a resetting pool starts with neither setting, which is exactly "no tenant": nothing is sent now,
    // and a tenant or the bypass is set before EF's first command (Stale). The API key lookup of every request, which
    // runs before the tenant is known, costs no statement.
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext && StartsReset(connection)) Applied.AddOrUpdate(connection, Setting.None);
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }

    private static bool StartsReset(DbConnection connection) =>
        ResettingPools.GetOrAdd(connection.ConnectionString, cs => !new NpgsqlConnectionStringBuilder(cs).NoResetOnClose);

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Applied.Remove(connection);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Applied.Remove(connection);
        return Task.CompletedTask;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        ReapplyIfChanged(command, eventData);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        ReapplyIfChanged(command, eventData);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        ReapplyIfChanged(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ReapplyIfChangedAsync(command, eventData, cancellationToken);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await ReapplyIfChangedAsync(command, eventData, cancellationToken);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ReapplyIfChangedAsync(command, eventData, cancellationToken);
        return result;
    }

    // A setting made inside a transaction or after a savepoint is undone by rolling it back.
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Forget(eventData);

    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Forget(eventData);

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default) =>
        Forget(eventData);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Forget(eventData);

    private static Task Forget(DbContextEventData eventData)
    {
        if (eventData.Context is { } context) Applied.Remove(context.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    /// <summary>The setting to give the command's connection first, or null when it already has it.</summary>
    private static Setting? Stale(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is not AppDbContext db || command.Connection is not { State: ConnectionState.Open } connection) return null;
        var wanted = Setting.Of(db.Tenant);
        return Applied.TryGetValue(connection, out var applied) && applied == wanted ? null : wanted;
    }

    private static void ReapplyIfChanged(DbCommand command, CommandEventData eventData)
    {
        if (Stale(command, eventData) is { } setting) Apply(command.Connection!, command.Transaction, setting);
    }

    private static Task ReapplyIfChangedAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken) =>
        Stale(command, eventData) is { } setting ? ApplyAsync(command.Connection!, command.Transaction, setting, cancellationToken) : Task.CompletedTask;

    private static void Apply(DbConnection connection, DbTransaction? transaction, Setting setting)
    {
        using var command = Command(connection, transaction, setting);
        command.ExecuteNonQuery();
        Applied.AddOrUpdate(connection, setting);
    }

    private static async Task ApplyAsync(DbConnection connection, DbTransaction? transaction, Setting setting, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, setting);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Applied.AddOrUpdate(connection, setting);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, Setting setting)
    {
        var command = connection.CreateCommand();
        command.CommandText = SetSql;
        command.Transaction = transaction;
        foreach (var value in new[] { setting.AppUuid, setting.AllApps })
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
