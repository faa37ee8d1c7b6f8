using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Services;

/// <summary>The database settles races: one name, one row; one version, one winner; no update lost.</summary>
[TestClass]
public sealed class ServiceConcurrencyTests
{
    [TestMethod]
    public async Task ParallelCreates_WithOneName_GiveExactlyOne201AndTheRest409()
    {
        var app = await TestHost.CreateAppAsync();
        var clients = Enumerable.Range(0, 10).Select(_ => app.Admin()).ToList();
        var responses = await Task.WhenAll(clients.Select((c, i) =>
            c.PostAsJsonAsync("/api/services", ServiceBodies.Mock(i % 2 == 0 ? "race" : "RACE"))));

        Assert.AreEqual(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await loser.ProblemAsync(HttpStatusCode.Conflict, "service_name");
        await using var scope = TestHost.DbScope(out var db);
        Assert.AreEqual(1, await db.ServiceConfigurations.CountAsync(s => s.AppUuid == app.AppUuid));
        Assert.AreEqual(1, await db.ServiceConfigurationVersions.CountAsync(v => v.AppUuid == app.AppUuid));
        clients.ForEach(c => c.Dispose());
    }

    [TestMethod]
    public async Task ParallelPatches_WithTheSameIfMatch_GiveOne200AndTheRest412()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock())).Id().ToString();
        var clients = Enumerable.Range(0, 10).Select(_ => app.Admin()).ToList();

        var responses = await Task.WhenAll(clients.Select((c, i) =>
            ServiceBodies.PatchAsync(c, id, $$"""{"description": "writer {{i}}"}""", "\"v1\"")));

        Assert.AreEqual(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await loser.ProblemAsync(HttpStatusCode.PreconditionFailed);
        var service = await ServiceBodies.GetAsync(admin, id);
        Assert.AreEqual(2, service["version"]!.GetValue<int>());
        clients.ForEach(c => c.Dispose());
    }

    [TestMethod]
    public async Task ParallelPatches_WithoutIfMatch_LoseNoUpdate()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var id = (await ServiceBodies.CreateAsync(admin, ServiceBodies.Real())).Id().ToString();
        var clients = Enumerable.Range(0, 6).Select(_ => app.Admin()).ToList();

        var responses = await Task.WhenAll(clients.Select((c, i) =>
            ServiceBodies.PatchAsync(c, id, $$$"""{"headers": {"X-Writer-{{{i}}}": "{{{i}}}"}}""")));

        // Each writer either landed (200) or was told it kept losing (409); a 200 is never silently overwritten.
        var landed = responses.Select((r, i) => (r, i)).Where(x => x.r.StatusCode == HttpStatusCode.OK).Select(x => x.i).ToList();
        foreach (var other in responses.Where(r => r.StatusCode != HttpStatusCode.OK)) await other.ProblemAsync(HttpStatusCode.Conflict);
        Assert.IsNotEmpty(landed);
        var service = await ServiceBodies.GetAsync(admin, id);
        var headers = service["headers"]!.AsObject().Select(h => h.Key).ToHashSet();
        foreach (var i in landed) Assert.Contains($"X-Writer-{i}", headers);
        Assert.AreEqual(1 + landed.Count, service["version"]!.GetValue<int>());
        clients.ForEach(c => c.Dispose());
    }
}
