using Microsoft.EntityFrameworkCore;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Outbound;

/// <summary>
/// PostgreSQL refuses the NUL character in text and jsonb, so a REAL service that answers one must still leave one log
/// row per attempt and a finished task, with the downstream called once per attempt and never again.
/// </summary>
[TestClass]
public sealed class NulResponseTests
{
    [TestMethod]
    [DataRow("json", 200, 0, "COMPLETED", 1)]
    [DataRow("text", 200, 0, "COMPLETED", 1)]
    [DataRow("json", 404, 2, "FAILED", 1)]
    [DataRow("text", 500, 1, "FAILED", 2)]
    public async Task ResponseHoldingNul_IsStored_AndTheTaskFinishesOnce(string kind, int status, int maxRetries, string expected, int attempts)
    {
        var path = RealServices.UniquePath();
        RealServices.Server.Reply(path, kind == "json"
            ? LoopbackResponse.RawJson("""{"name":"a\u0000b","n\u0000":[1,"\u0000"]}""", status)
            : LoopbackResponse.Text("before\0after", status));
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceType = ServiceTypes.Real;
            s.MockDefinition = null;
            s.EndpointUrl = RealServices.Server.Url(path);
            s.HttpMethod = "POST";
            s.MaxRetries = maxRetries;
        });
        using var engine = app.Engine();

        var id = await TestServices.EnqueueAsync(engine, service.Id);

        var task = await TestServices.WaitForStatusAsync(engine, id, expected, timeoutSeconds: 30);
        Assert.AreEqual(attempts, task["attempts"]!.GetValue<int>());
        await using var scope = TestHost.DbScope(out var db);
        var rows = await db.ServiceExecutionLogs.Where(l => l.ServiceTaskId == id).OrderBy(l => l.Id).ToListAsync();
        Assert.HasCount(attempts, rows);
        Assert.HasCount(attempts, RealServices.Server.RequestsTo(path), "the downstream is called once per attempt");
        var stored = rows[0].ResponseData!.RootElement.GetRawText();
        Assert.DoesNotContain("\\u0000", stored);
        Assert.Contains("\uFFFD", stored, "a NUL is kept as U+FFFD, the replacement character");
        if (expected == "COMPLETED")
            Assert.IsTrue(JsonNode.DeepEquals(JsonNode.Parse(stored), task["output_data"]), "the output is the stored body");
    }
}
