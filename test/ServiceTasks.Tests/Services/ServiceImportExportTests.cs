using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Services;

[TestClass]
public sealed class ServiceImportExportTests
{
    [TestMethod]
    public async Task Export_ThenImportIntoTheSameApp_IsUnchanged_AndKeepsTheSecrets()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Real("crm", ServiceBodies.Bearer("export-token-5555")));
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("weather"));
        var export = await (await admin.GetAsync("/api/services/export")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("5555", export.ToJsonString());
        Assert.IsNull(export["services"]![0]!["id"]);

        var result = await (await admin.PostAsJsonAsync("/api/services/import", export)).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(2, result["unchanged"]!.GetValue<int>(), result.ToJsonString());
        var crm = (await (await admin.GetAsync("/api/services?search=crm")).JsonAsync(HttpStatusCode.OK))["items"]![0]!;
        Assert.AreEqual("***5555", crm["authentication"]!["token"]!.GetValue<string>());
        Assert.AreEqual(1, crm["version"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Export_ImportedIntoAnotherApp_NeedsTheSecretsAgain()
    {
        var (from, to) = (await TestHost.CreateAppAsync(), await TestHost.CreateAppAsync());
        using var source = from.Admin();
        using var target = to.Admin();
        await ServiceBodies.CreateAsync(source, ServiceBodies.Real("crm", ServiceBodies.Bearer("cross-app-token-66")));
        var export = await (await source.GetAsync("/api/services/export")).JsonAsync(HttpStatusCode.OK);

        await (await target.PostAsJsonAsync("/api/services/import", export)).ProblemAsync(HttpStatusCode.BadRequest, "services[0].authentication.token");

        export["services"]![0]!["authentication"]!["token"] = "cross-app-token-77";
        var result = await (await target.PostAsJsonAsync("/api/services/import", export)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, result["created"]!.GetValue<int>());
        var raw = await ServiceBodies.RawRowAsync(Guid.Parse(result["items"]![0]!["id"]!.GetValue<string>()));
        Assert.DoesNotContain("cross-app-token-77", raw);
    }

    [TestMethod]
    public async Task Import_DryRun_ReportsCreateUpdateUnchanged_AndWritesNothing()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("same"));
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("changed"));
        var changed = ServiceBodies.Mock("CHANGED");
        changed["max_retries"] = 9;
        var file = new JsonObject { ["services"] = new JsonArray(ServiceBodies.Mock("same"), changed, ServiceBodies.Mock("brand-new")) };
        var before = await StateAsync(app);

        var dry = await (await admin.PostAsJsonAsync("/api/services/import?dry_run=true", file)).JsonAsync(HttpStatusCode.OK);

        Assert.IsTrue(dry["dry_run"]!.GetValue<bool>());
        CollectionAssert.AreEqual(new[] { "unchanged", "update", "create" },
            dry["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()).ToArray());
        Assert.IsNull(dry["items"]![2]!["id"]);
        Assert.AreEqual(before, await StateAsync(app));

        var real = await (await admin.PostAsJsonAsync("/api/services/import?dry_run=false", file)).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("""{"created":1,"updated":1,"unchanged":1}""",
            new JsonObject { ["created"] = real["created"]!.DeepClone(), ["updated"] = real["updated"]!.DeepClone(), ["unchanged"] = real["unchanged"]!.DeepClone() }.ToJsonString());
        var updated = await ServiceBodies.GetAsync(admin, real["items"]![1]!["id"]!.GetValue<string>());
        Assert.AreEqual("CHANGED", updated["service_name"]!.GetValue<string>());
        Assert.AreEqual(9, updated["max_retries"]!.GetValue<int>());
        Assert.AreEqual(2, updated["version"]!.GetValue<int>());
        await ServiceBodies.GetAsync(admin, real["items"]![2]!["id"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Import_WithOneBadItem_RejectsTheWholeFile_NamingEveryBadItem()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var badUrl = ServiceBodies.Real("bad-url");
        badUrl["endpoint_url"] = "relative/path";
        var badTemplate = ServiceBodies.Mock("bad-template", "no_such_mock");
        var file = new JsonObject
        {
            ["services"] = new JsonArray(ServiceBodies.Mock("good-1"), ServiceBodies.Mock("good-2"), ServiceBodies.Mock("good-3"), badUrl, badTemplate),
        };

        var problem = await (await admin.PostAsJsonAsync("/api/services/import", file)).ProblemAsync(HttpStatusCode.BadRequest, "services[3].endpoint_url");

        Assert.IsNotNull(problem["errors"]!["services[4].mock_template_id"], problem.ToJsonString());
        Assert.AreEqual("0|0", await StateAsync(app));
    }

    private static async Task<string> StateAsync(TestApp app)
    {
        await using var scope = TestHost.DbScope(out var db);
        var services = await db.ServiceConfigurations.AsNoTracking().Where(s => s.AppUuid == app.AppUuid)
            .SumAsync(s => s.Version);
        var versions = await db.ServiceConfigurationVersions.CountAsync(v => v.AppUuid == app.AppUuid);
        return $"{services}|{versions}";
    }
}
