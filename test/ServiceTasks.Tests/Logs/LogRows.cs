using System.Text.Json;

namespace ServiceTasks.Tests.Logs;

/// <summary>Writes execution log rows straight into the table, as the execution would, for one app.</summary>
internal static class LogRows
{
    private static readonly DateTimeOffset Start = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

    public static ServiceExecutionLog Row(Guid app, Guid config, string name, string status, DateTimeOffset at,
        int ms = 100, string? instance = null, Guid? task = null) => new()
    {
        AppUuid = app,
        ServiceConfigId = config,
        ServiceName = name,
        Status = status,
        CreatedAt = at,
        ExecutionTimeMs = ms,
        InstanceId = instance,
        ServiceTaskId = task,
        HttpStatusCode = status == ExecutionStatus.Success ? 200 : 500,
        RequestData = JsonDocument.Parse("""{"method":"POST","body":{"amount":5}}"""),
        ResponseData = JsonDocument.Parse("""{"ok":true}"""),
        ErrorMessage = status == ExecutionStatus.Success ? null : $"{status.ToLowerInvariant()} on purpose",
    };

    /// <summary>Inserts the rows; their ids are filled in on return.</summary>
    public static async Task<IReadOnlyList<ServiceExecutionLog>> InsertAsync(params IEnumerable<ServiceExecutionLog> rows)
    {
        var list = rows.ToList();
        await using var scope = TestHost.DbScope(out var db);
        db.ServiceExecutionLogs.AddRange(list);
        await db.SaveChangesAsync();
        return list;
    }

    /// <summary>The order of every list: newest first, the higher id first on a tie.</summary>
    public static long[] NewestFirst(IEnumerable<ServiceExecutionLog> rows) =>
        rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id).ToArray();

    public static long[] Ids(System.Text.Json.Nodes.JsonNode page) =>
        page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToArray();

    /// <summary>Rows a minute apart, with pairs sharing an instant so the id breaks the tie; every third one FAILED.</summary>
    public static async Task<IReadOnlyList<ServiceExecutionLog>> SeedAsync(TestApp app, int count)
    {
        var config = Guid.NewGuid();
        return await InsertAsync(Enumerable.Range(0, count).Select(i => Row(app.AppUuid, config, "svc",
            i % 3 == 0 ? ExecutionStatus.Failed : ExecutionStatus.Success, Start.AddMinutes(i / 2))));
    }
}
