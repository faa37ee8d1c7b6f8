using System.Net;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Logs;

/// <summary>Walking the log by cursor, page after page, shows every row once and in order, even while new rows arrive.</summary>
[TestClass]
public sealed class LogCursorWalkTests
{
    [TestMethod]
    public async Task WalkByCursor_ReturnsEveryRowOnceInOrder()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await LogRows.SeedAsync(app, 23);

        var (walked, pages) = await WalkAsync(app, "page_size=5", afterEachPage: null);

        CollectionAssert.AreEqual(LogRows.NewestFirst(rows), walked);
        Assert.AreEqual(5, pages);
    }

    [TestMethod]
    public async Task WalkByCursor_WhileNewRowsArrive_NeitherShowsThemNorSkipsOrRepeats()
    {
        var app = await TestHost.CreateAppAsync();
        var rows = await LogRows.SeedAsync(app, 23);
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
        var rows = await LogRows.SeedAsync(app, 40);
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
