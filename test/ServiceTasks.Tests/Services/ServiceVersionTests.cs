using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Services;

/// <summary>Every change is a version with a snapshot row (the execution code runs the version recorded at enqueue).</summary>
[TestClass]
public sealed class ServiceVersionTests
{
    [TestMethod]
    public async Task EveryVersion_HasASnapshotRow_EqualToTheStoredRowAtThatVersion()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Real("snap", ServiceBodies.Bearer("snapshot-token-9876")));
        var id = created.Id();
        await using (var scope = TestHost.DbScope(out var db))
            await AssertSnapshotMatchesRowAsync(db, id);
        await (await ServiceBodies.PatchAsync(admin, id.ToString(), """{"timeout_seconds": 12}""")).JsonAsync(HttpStatusCode.OK);

        await using (var scope = TestHost.DbScope(out var db))
        {
            await AssertSnapshotMatchesRowAsync(db, id);
            var v1 = ServiceSnapshot.Read(await db.ServiceConfigurationVersions.SingleAsync(v => v.ServiceConfigId == id && v.Version == 1));
            Assert.AreEqual(30, v1.TimeoutSeconds);
            Assert.AreEqual(1, v1.Version);
            Assert.DoesNotContain("snapshot-token-9876", v1.Authentication!.Token!);
        }
    }

    [TestMethod]
    public async Task Versions_ListsNewestFirst_WithMaskedSnapshotsAndWhoChanged()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Real("hist", ServiceBodies.Bearer("history-token-4321")))).Id();
        await (await ServiceBodies.PatchAsync(admin, id.ToString(), """{"max_retries": 5}""")).JsonAsync(HttpStatusCode.OK);
        await (await ServiceBodies.PatchAsync(admin, id.ToString(), """{"max_retries": 7}""")).JsonAsync(HttpStatusCode.OK);

        using var engine = app.Engine();
        var page = await (await engine.GetAsync($"/api/services/{id}/versions")).JsonAsync(HttpStatusCode.OK);
        var items = page["items"]!.AsArray();
        Assert.AreEqual(3, page["total_count"]!.GetValue<int>());
        CollectionAssert.AreEqual(new[] { 3, 2, 1 }, items.Select(i => i!["version"]!.GetValue<int>()).ToArray());
        CollectionAssert.AreEqual(new[] { 7, 5, 3 }, items.Select(i => i!["snapshot"]!["max_retries"]!.GetValue<int>()).ToArray());
        Assert.AreEqual("admin:admin", items[0]!["changed_by"]!.GetValue<string>());
        Assert.AreEqual("***4321", items[2]!["snapshot"]!["authentication"]!["token"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Restore_MakesANewVersionWithTheOldSettings_AndKeepsHistory()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Real("restore-me", ServiceBodies.Bearer("restore-token-0001")))).Id();
        await (await ServiceBodies.PatchAsync(admin, id.ToString(),
            """{"service_name": "renamed", "timeout_seconds": 99, "authentication": {"token": "restore-token-0002"}}""")).JsonAsync(HttpStatusCode.OK);

        var response = await admin.PostAsync($"/api/services/{id}/versions/1/restore", null);
        var restored = await response.JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual("\"v3\"", response.Headers.ETag?.ToString());
        Assert.AreEqual(3, restored["version"]!.GetValue<int>());
        Assert.AreEqual("restore-me", restored["service_name"]!.GetValue<string>());
        Assert.AreEqual(30, restored["timeout_seconds"]!.GetValue<int>());
        Assert.AreEqual("***0001", restored["authentication"]!["token"]!.GetValue<string>());
        var versions = await (await admin.GetAsync($"/api/services/{id}/versions")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(3, versions["total_count"]!.GetValue<int>());
        await using var scope = TestHost.DbScope(out var db);
        await AssertSnapshotMatchesRowAsync(db, id);
    }

    [TestMethod]
    public async Task Restore_OfANameTakenSince_Returns409_AndUnknownVersion404_AndStaleIfMatch412()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("first-name"))).Id();
        await (await ServiceBodies.PatchAsync(admin, id.ToString(), """{"service_name": "second-name"}""")).JsonAsync(HttpStatusCode.OK);
        await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock("FIRST-name"));

        await (await admin.PostAsync($"/api/services/{id}/versions/1/restore", null)).ProblemAsync(HttpStatusCode.Conflict, "service_name");
        await (await admin.PostAsync($"/api/services/{id}/versions/9/restore", null)).ProblemAsync(HttpStatusCode.NotFound);
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/services/{id}/versions/2/restore");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        await (await admin.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.AreEqual(2, (await ServiceBodies.GetAsync(admin, id.ToString()))["version"]!.GetValue<int>());
    }

    private static async Task AssertSnapshotMatchesRowAsync(ServiceTasks.Data.AppDbContext db, Guid id)
    {
        var row = await db.ServiceConfigurations.AsNoTracking().SingleAsync(s => s.Id == id);
        var versions = await db.ServiceConfigurationVersions.AsNoTracking().Where(v => v.ServiceConfigId == id).OrderBy(v => v.Version).ToListAsync();
        CollectionAssert.AreEqual(Enumerable.Range(1, row.Version).ToArray(), versions.Select(v => v.Version).ToArray());
        var current = ServiceSnapshot.Read(versions[^1]);
        Assert.AreEqual(
            System.Text.Json.JsonSerializer.Serialize(row, ServiceTasks.Hosting.JsonDefaults.Options),
            System.Text.Json.JsonSerializer.Serialize(current, ServiceTasks.Hosting.JsonDefaults.Options));
        Assert.AreEqual(row.UpdatedAt, versions[^1].ChangedAt);
    }
}
