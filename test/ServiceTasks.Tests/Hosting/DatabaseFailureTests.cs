using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tests.Hosting;

/// <summary>Only a database that cannot be reached answers 503; a value it refuses is the request's fault; the rest is a 500.</summary>
[TestClass]
public sealed class DatabaseFailureTests
{
    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    [TestMethod]
    [DataRow("08006")]
    [DataRow("08001")]
    [DataRow("57P01")]
    [DataRow("57P03")]
    [DataRow("53300")]
    public void ConnectionLostOrRefusedByPostgres_IsUnavailable(string sqlState) =>
        Assert.AreEqual(DatabaseFailure.Kind.Unavailable, DatabaseFailure.Classify(new DbUpdateException("save", Postgres(sqlState))));

    [TestMethod]
    public void DriverFailureOrTimeout_IsUnavailable()
    {
        Assert.AreEqual(DatabaseFailure.Kind.Unavailable, DatabaseFailure.Classify(new NpgsqlException("broken", new SocketException())));
        Assert.AreEqual(DatabaseFailure.Kind.Unavailable, DatabaseFailure.Classify(new InvalidOperationException("x", new TimeoutException())));
    }

    [TestMethod]
    [DataRow("22P05")]
    [DataRow("22021")]
    [DataRow("22001")]
    public void DataErrorFromPostgres_IsBadData(string sqlState) =>
        Assert.AreEqual(DatabaseFailure.Kind.BadData, DatabaseFailure.Classify(new DbUpdateException("save", Postgres(sqlState))));

    [TestMethod]
    [DataRow("42P01")]
    [DataRow("23505")]
    [DataRow("40001")]
    public void OtherServerError_IsNeitherUnavailableNorBadData(string sqlState) =>
        Assert.AreEqual(DatabaseFailure.Kind.Other, DatabaseFailure.Classify(Postgres(sqlState)));

    [TestMethod]
    public void NoDatabaseError_IsNone() =>
        Assert.AreEqual(DatabaseFailure.Kind.None, DatabaseFailure.Classify(new InvalidOperationException("x")));
}
