using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Services;

[TestClass]
public sealed class ServiceTestEndpointTests
{
    [TestMethod]
    public async Task Test_RunsOneAttemptSynchronously_AndCreatesNoTaskAndNoLog()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s => s.MockDefinition = TestServices.AlwaysSucceeds("""{"hello": "{{input.name}}"}"""));
        using var admin = app.Admin();

        var answer = await (await admin.PostAsJsonAsync($"/api/services/{service.Id}/test", new { input_data = new { name = "Grace" } }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.IsTrue(answer["success"]!.GetValue<bool>());
        Assert.AreEqual(200, answer["http_status_code"]!.GetValue<int>());
        Assert.AreEqual("Grace", answer["data"]!["hello"]!.GetValue<string>());
        await using var scope = TestHost.DbScope(out var db);
        Assert.AreEqual(0, await db.ServiceTasks.CountAsync(t => t.AppUuid == app.AppUuid));
        Assert.AreEqual(0, await db.ServiceExecutionLogs.CountAsync(l => l.AppUuid == app.AppUuid));
    }

    [TestMethod]
    public async Task Test_OfAFailingService_Returns200WithSuccessFalse()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, s => s.MockDefinition = TestServices.AlwaysFails(422, name: "Invalid"));
        using var admin = app.Admin();

        var answer = await (await admin.PostAsJsonAsync($"/api/services/{service.Id}/test", new { input_data = new { } })).JsonAsync(HttpStatusCode.OK);
        Assert.IsFalse(answer["success"]!.GetValue<bool>());
        Assert.AreEqual(422, answer["http_status_code"]!.GetValue<int>());
        StringAssert.Contains(answer["error_message"]!.GetValue<string>(), "Invalid");
    }

    [TestMethod]
    public async Task Test_OfAnotherAppsService_Returns404_AndForAnEngineKey_Returns403()
    {
        var mine = await TestHost.CreateAppAsync();
        var theirs = await TestServices.CreateAsync(await TestHost.CreateAppAsync(), _ => { });
        using var admin = mine.Admin();
        using var engine = mine.Engine();

        Assert.AreEqual(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/services/{theirs.Id}/test", new { })).StatusCode);
        await (await engine.PostAsJsonAsync($"/api/services/{theirs.Id}/test", new { })).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
