using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceTasks.Data;

/// <summary>
/// The second tenant wall's half in the service: before EF's first command on a connection, the connection gets the
/// context's <see cref="CurrentTenant"/> as the two settings the row-level security policies read
/// (<see cref="TenantSession"/>). A tenant changed while the connection stays open (inside a transaction, say)
/// is set again before EF's next command; a rollback, which undoes a setting made inside it, forces that too.
/// A reader or non-query carries it in front of its own SQL, a scalar sends it first. The pool's reset keeps it from the next borrower.
/// </summary>
internal sealed class TenantSessionInterceptor : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public static readonly TenantSessionInterceptor Instance = new();

    private TenantSessionInterceptor()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext) TenantSession.Opened(connection);
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => TenantSession.Forget(connection);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        TenantSession.Forget(connection);
        return Task.CompletedTask;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CarryOrReapply(command, eventData);
        return result;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        TenantSession.SkipCarriedResult(command, result);
        return result;
    }

    public async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        await TenantSession.SkipCarriedResultAsync(command, result, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        TenantSession.Carried(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuted(command, eventData, result));

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => TenantSession.Failed(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TenantSession.Failed(command);
        return Task.CompletedTask;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        ReapplyIfChanged(command, eventData);
        return result;
    }

    // A SELECT's rows are not counted in the rows affected, so a non-query carries the setting too.
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        CarryOrReapply(command, eventData);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await CarryOrReapplyAsync(command, eventData, cancellationToken);
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
        await CarryOrReapplyAsync(command, eventData, cancellationToken);
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
        if (eventData.Context is { } context) TenantSession.Forget(context.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    private static void CarryOrReapply(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is AppDbContext db && !TenantSession.TryCarry(command, db.Tenant)) TenantSession.EnsureSet(command, db.Tenant);
    }

    private static Task CarryOrReapplyAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken) =>
        eventData.Context is AppDbContext db && !TenantSession.TryCarry(command, db.Tenant)
            ? TenantSession.EnsureSetAsync(command, db.Tenant, cancellationToken)
            : Task.CompletedTask;

    private static void ReapplyIfChanged(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is AppDbContext db) TenantSession.EnsureSet(command, db.Tenant);
    }

    private static Task ReapplyIfChangedAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken) =>
        eventData.Context is AppDbContext db ? TenantSession.EnsureSetAsync(command, db.Tenant, cancellationToken) : Task.CompletedTask;
}
