using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Logs;

[TestClass]
public sealed class LogCursorTests
{
    private static readonly DateTimeOffset Start = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task WalkByCursor_ReturnsEveryRowOnceInOrder()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await SeedAsync(app, 23);

        var (walked, pages) = await WalkAsync(app, "page_size=5", afterEachPage: null);

        CollectionAssert.AreEqual(LogRows.NewestFirst(rows), walked);
        Assert.AreEqual(5, pages);
    }

    [TestMethod]
    public async Task WalkByCursor_WhileNewRowsArrive_NeitherShowsThemNorSkipsOrRepeats()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await SeedAsync(app, 23);
        var config = rows[0].ServiceConfigId;
        var added = 0;

        var (walked, _) = await WalkAsync(app, "page_size=4", afterEachPage: async page =>
        {
            Assert.AreEqual(rows.Count, page["total_count"]!.GetValue<int>(), "A walk's total_count is the count of the rows it covers.");
            await LogRows.InsertAsync(Enumerable.Range(0, 3).Select(_ =>
                LogRows.Row(app.AppUuid, config, "svc", ExecutionStatus.Success, DateTimeOffset.UtcNow)));
            added += 3;
        });

        CollectionAssert.AreEqual(LogRows.NewestFirst(rows), walked);
    }

    [TestMethod]
    public async Task WalkByCursor_WhileAWriterKeepsInserting_ReturnsTheOriginalRowsExactlyOnce()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await SeedAsync(app, 40);
        using var stop = new CancellationTokenSource();
        var inserted = 0;
        Task? writer = null;

        var (walked, _) = await WalkAsync(app, "page_size=3", afterEachPage: async _ =>
        {
            // Started after the first page, which is the only one without a cursor; then each page waits for new rows.
            writer ??= Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await LogRows.InsertAsync(LogRows.Row(app.AppUuid, Guid.NewGuid(), "svc", ExecutionStatus.Timeout, DateTimeOffset.UtcNow));
                    Interlocked.Increment(ref inserted);
                }
            });
            var before = Volatile.Read(ref inserted);
            await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref inserted)), n => n > before,
                TimeSpan.FromSeconds(30), "the writer to insert a row");
        });
        await stop.CancelAsync();
        await writer!;

        CollectionAssert.AreEqual(LogRows.NewestFirst(rows), walked);
        Assert.IsGreaterThanOrEqualTo(walked.Count / 3, inserted);
    }

    [TestMethod]
    public async Task Cursor_WithFilters_ContinuesWithinTheFilterAndIgnoresPage()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await SeedAsync(app, 23);
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
        var rows = await SeedAsync(app, 23);
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
        await SeedAsync(big, 23);
        var own = await SeedAsync(small, 4);
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
        var expected = LogRows.NewestFirst(await SeedAsync(app, 12));
        using var client = app.Admin();

        var second = await (await client.GetAsync("/api/services/logs?page=2&page_size=4")).JsonAsync(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(second["next_cursor"]!.GetValue<string>());
        var third = await (await client.GetAsync($"/api/services/logs?page_size=4&cursor={cursor}")).JsonAsync(HttpStatusCode.OK);

        CollectionAssert.AreEqual(expected[8..], LogRows.Ids(third));
        Assert.IsNull(third["next_cursor"]);
    }

    /// <summary>Rows a minute apart, with pairs sharing an instant so the id breaks the tie; every third one FAILED.</summary>
    private static async Task<IReadOnlyList<ServiceExecutionLog>> SeedAsync(TestApp app, int count)
    {
        var config = Guid.NewGuid();
        return await LogRows.InsertAsync(Enumerable.Range(0, count).Select(i => LogRows.Row(app.AppUuid, config, "svc",
            i % 3 == 0 ? ExecutionStatus.Failed : ExecutionStatus.Success, Start.AddMinutes(i / 2))));
    }

    private static async Task<(List<long> Ids, int Pages)> WalkAsync(TestApp app, string query, Func<JsonNode, Task>? afterEachPage)
    {
        using var client = app.Admin();
        var ids = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/services/logs?{query}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
            ids.AddRange(LogRows.Ids(page));
            cursor = page["next_cursor"]?.GetValue<string>();
            if (afterEachPage is not null) await afterEachPage(page);
            Assert.IsLessThan(100, ++pages, "The walk must end.");
        } while (cursor is not null);
        CollectionAssert.AllItemsAreUnique(ids);
        return (ids, pages);
    }
}
