using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Auth;

[TestClass]
public sealed class OperatorBootstrapTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task FirstStart_PrintsAWorkingOperatorKeyOnce_AndBecomesReady()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings__ServiceTasks"] = await TestDatabase.CreateAsync("boot") };

        string key;
        await using (var first = ServiceProcess.Start(settings))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var line = await first.WaitForLineAsync(l => l.StartsWith("Operator key: "), TimeSpan.FromSeconds(60));
            key = line["Operator key: ".Length..].Trim();
            using var http = new HttpClient { BaseAddress = first.BaseAddress };
            await Readiness.WaitReadyAsync(http);
            TestContext.WriteLine($"Start to ready: {clock.ElapsedMilliseconds} ms");

            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            Assert.AreEqual(HttpStatusCode.OK, await Readiness.StatusAsync(http, "/api/apps"));
        }

        await using var second = ServiceProcess.Start(settings);
        using var client = new HttpClient { BaseAddress = second.BaseAddress };
        await Readiness.WaitReadyAsync(client);
        Assert.IsFalse(second.Lines.Any(l => l.Contains("Operator key:")), "The key must be printed only on the first start.");
        StringAssert.StartsWith(key, "st_");
    }

    [TestMethod]
    public async Task Bootstrap_CalledTwice_CreatesOneOperatorKey()
    {
        await using var db = TestDatabase.Context(await TestDatabase.CreateAsync("boot2"));
        await db.Database.MigrateAsync();

        var firstOutput = new StringWriter();
        var first = await OperatorBootstrap.EnsureOperatorKeyAsync(db, firstOutput);
        var secondOutput = new StringWriter();
        var second = await OperatorBootstrap.EnsureOperatorKeyAsync(db, secondOutput);

        Assert.IsNotNull(first);
        StringAssert.Contains(firstOutput.ToString(), $"Operator key: {first}");
        Assert.IsNull(second);
        Assert.AreEqual("", secondOutput.ToString());
        var stored = await db.ApiKeys.SingleAsync(k => k.Role == Roles.Operator);
        Assert.AreEqual(ApiKeys.Hash(first), stored.KeyHash);
        Assert.AreNotEqual(first, stored.KeyHash);
    }

    [TestMethod]
    public async Task KeysCreateVerb_PrintsAnOperatorKeyThatAuthenticates()
    {
        await using var process = ServiceProcess.Start(
            new Dictionary<string, string?> { ["ConnectionStrings__ServiceTasks"] = TestHost.ConnectionString },
            "keys", "create", "--role", "operator", "--name", "cli-test");
        Assert.AreEqual(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), string.Join('\n', process.Lines));

        var line = process.Lines.Single(l => l.StartsWith("Operator key: "));
        using var client = TestHost.Factory.CreateClient(line["Operator key: ".Length..].Trim());
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/api/apps")).StatusCode);
    }
}
