using System.Net.Sockets;
using Npgsql;

namespace ServiceTasks.Hosting;

/// <summary>
/// What a database error means for the answer. Only a connection that is lost, refused or timed out is "unavailable"
/// (503, try again); a value PostgreSQL refuses as data (SQLSTATE class 22) is the request's fault (400); any other
/// server error is the service's own (500).
/// </summary>
internal static class DatabaseFailure
{
    public enum Kind { None, Unavailable, BadData, Other }

    // EF and the authentication middleware wrap the driver's exception; the first database error in the chain decides.
    public static Kind Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return OfState(postgres.SqlState);
                case NpgsqlException or TimeoutException or SocketException:
                    return Kind.Unavailable; // the driver's own failures: a broken or refused connection, a timeout
            }
        }
        return Kind.None;
    }

    private static Kind OfState(string sqlState) => sqlState switch
    {
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => Kind.Unavailable, // connection exception
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => Kind.Unavailable, // insufficient resources
        "57P01" or "57P02" or "57P03" or "57P05" => Kind.Unavailable, // shut down, crashed, not yet accepting
        _ when sqlState.StartsWith("22", StringComparison.Ordinal) => Kind.BadData, // data exception
        _ => Kind.Other,
    };
}
