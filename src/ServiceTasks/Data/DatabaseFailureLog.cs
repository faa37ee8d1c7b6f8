using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace ServiceTasks.Data;

/// <summary>
/// EF logs every failed command as an error and then throws it to the caller, who often expects it: a replay's or a
/// duplicate name's unique violation, a row another request changed. So EF's own failure events are Debug
/// (<see cref="DataExtensions"/>), the caller logs what it cannot handle (the exception handler, Hangfire), and this
/// logs as an error, once, what no caller can put right: a statement PostgreSQL refused for a reason other than the
/// data (bad input, a constraint, a lost race), or a conversation with the server that broke.
/// </summary>
internal sealed class DatabaseFailureLog : DbCommandInterceptor
{
    public static readonly DatabaseFailureLog Instance = new();

    private DatabaseFailureLog()
    {
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (IsForTheCaller(eventData.Exception)) return;
        var loggers = eventData.Context?.GetService<ILoggerFactory>();
        loggers?.CreateLogger("ServiceTasks.Data.Database").LogError(eventData.Exception,
            "A database command failed after {Milliseconds} ms: {Command}", (long)eventData.Duration.TotalMilliseconds, command.CommandText);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    // 22: a data exception (the input), 23: an integrity constraint (a duplicate, a replay), 40: a serialization
    // failure or deadlock (a race the caller retries or answers).
    private static bool IsForTheCaller(Exception exception) =>
        exception is PostgresException e && e.SqlState[..2] is "22" or "23" or "40";
}
