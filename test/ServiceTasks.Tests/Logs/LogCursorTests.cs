using System.Net;

namespace ServiceTasks.Tests.Logs;

/// <summary>One cursor taken into another request: with other filters, another app, or from an offset page.</summary>
[TestClass]
public sealed class LogCursorTests
{
    [TestMethod]
    public async Task Cursor_WithFilters_ContinuesWithinTheFilterAndIgnoresPage()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await LogRows.SeedAsync(app, 23);
        var failed = LogRows.NewestFirst(rows.Where(r => r.Status == ExecutionStatus.Failed));
        using var client = app.Admin();

        var first = await (await client.GetAsync("/api/services/logs?status=FAILED&page_size=3")).JsonAsync(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(first["next_cursor"]!.GetValue<string>());
        var second = await (await client.GetAsync($"/api/services/logs?status=FAILED&page_size=3&page=7&cursor={cursor}"))
            .JsonAsync(HttpStatusCode.OK);

        CollectionAssert.AreEqual(failed.Take(6).ToArray(), LogRows.Ids(first).Concat(LogRows.Ids(second)).ToArray());
        Assert.AreEqual(failed.Length, second["total_count"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Cursor_WithOtherFiltersThanItsWalk_CountsForTheNewFilters()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await LogRows.SeedAsync(app, 23);
        using var client = app.Admin();

        var first = await (await client.GetAsync("/api/services/logs?page_size=3")).JsonAsync(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(first["next_cursor"]!.GetValue<string>());
        var failedPage = await (await client.GetAsync($"/api/services/logs?status=FAILED&page_size=3&cursor={cursor}"))
            .JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(rows.Count, first["total_count"]!.GetValue<int>());
        Assert.AreEqual(rows.Count(r => r.Status == ExecutionStatus.Failed), failedPage["total_count"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Cursor_OfAnotherApp_CountsOnlyThisAppsRows()
    {
        var big = await TestHost.CreateAppAsync();
        var small = await TestHost.CreateAppAsync();
        await LogRows.SeedAsync(big, 23);
        var own = await LogRows.SeedAsync(small, 4);
        using var bigClient = big.Admin();
        using var smallClient = small.Admin();

        var first = await (await bigClient.GetAsync("/api/services/logs?page_size=3")).JsonAsync(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(first["next_cursor"]!.GetValue<string>());
        var page = await (await smallClient.GetAsync($"/api/services/logs?page_size=3&cursor={cursor}")).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(own.Count, page["total_count"]!.GetValue<int>(), "Another app's count must not travel with its cursor.");
        CollectionAssert.IsSubsetOf(LogRows.Ids(page).ToList(), own.Select(r => r.Id).ToList());
    }

    [TestMethod]
    public async Task Cursor_FromOffsetPage_ContinuesWhereThatPageEnded()
    {
        var app = await TestHost.CreateAppAsync();
        var expected = LogRows.NewestFirst(await LogRows.SeedAsync(app, 12));
        using var client = app.Admin();

        var second = await (await client.GetAsync("/api/services/logs?page=2&page_size=4")).JsonAsync(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(second["next_cursor"]!.GetValue<string>());
        var third = await (await client.GetAsync($"/api/services/logs?page_size=4&cursor={cursor}")).JsonAsync(HttpStatusCode.OK);

        CollectionAssert.AreEqual(expected[8..], LogRows.Ids(third));
        Assert.IsNull(third["next_cursor"]);
    }
}
