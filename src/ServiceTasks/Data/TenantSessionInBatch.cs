using System.Data.Common;
using System.Runtime.CompilerServices;

namespace ServiceTasks.Data;

/// <summary>The tenant setting sent in the same batch as EF's first command on a connection (docs/reliability.md).</summary>
internal static partial class TenantSession
{
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
}
