using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tests.Data;

/// <summary>A failed command its caller expects logs at Debug (below what appsettings shows); one no caller can put right still logs an error.</summary>
[TestClass]
public sealed class DatabaseFailureLogTests
{
    [TestMethod]
    public async Task FailedCommand_ThatTheDataCaused_LogsDebugOnly_AndOneOfAMissingTable_LogsAnError()
    {
        var dataMarker = $"data_{Guid.NewGuid():N}";
        var schemaMarker = $"schema_{Guid.NewGuid():N}";
        // The markers are the test's own identifiers, not input.
        var divide = $"SELECT 1 / 0 AS {dataMarker}";
        var missing = $"SELECT * FROM {schemaMarker}";
        await using (var scope = TestHost.DbScope(out var db))
        {
            var data = await Assert.ThrowsExactlyAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(divide));
            Assert.AreEqual(PostgresErrorCodes.DivisionByZero, data.SqlState);
            var schema = await Assert.ThrowsExactlyAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(missing));
            Assert.AreEqual(PostgresErrorCodes.UndefinedTable, schema.SqlState);
        }

        var lines = CapturedLogs.Instance.Lines.ToArray();
        Assert.IsFalse(lines.Any(l => !l.StartsWith("Debug ") && l.Contains(dataMarker)), string.Join('\n', lines.Where(l => l.Contains(dataMarker))));
        Assert.IsTrue(lines.Any(l => l.StartsWith("Error ServiceTasks.Data.Database") && l.Contains(schemaMarker)),
            string.Join('\n', lines.Where(l => l.Contains(schemaMarker))));
    }
}
