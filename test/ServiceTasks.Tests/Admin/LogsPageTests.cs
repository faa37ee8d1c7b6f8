using Microsoft.Playwright;
using ServiceTasks.Tests.Logs;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>The logs page in Chromium: its chart follows every filter the table follows, and bad filters say so once.</summary>
[TestClass]
public sealed class LogsPageTests
{
    private static async Task<(TestApp App, IPage Page)> PageWithLogsAsync(DateTimeOffset at, DateTimeOffset? betaAt = null)
    {
        var app = await TestHost.CreateAppAsync();
        var alpha = await TestServices.CreateAsync(app, s => s.ServiceName = "alpha");
        var beta = await TestServices.CreateAsync(app, s => s.ServiceName = "beta");
        await LogRows.InsertAsync(
            LogRows.Row(app.AppUuid, alpha.Id, "alpha", ExecutionStatus.Success, at),
            LogRows.Row(app.AppUuid, alpha.Id, "alpha", ExecutionStatus.Success, at.AddMinutes(1)),
            LogRows.Row(app.AppUuid, alpha.Id, "alpha", ExecutionStatus.Failed, at.AddMinutes(2)),
            LogRows.Row(app.AppUuid, beta.Id, "beta", ExecutionStatus.Failed, betaAt ?? at.AddMinutes(3)));
        var page = await AdminPages.SignInAsync(app);
        return (app, page);
    }

    private static ILocator Chart(IPage page) => page.Locator("#hourly-chart svg");

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Chart_CountsOnlyTheRowsOfTheChosenServiceAndStatus()
    {
        var (_, page) = await PageWithLogsAsync(DateTimeOffset.UtcNow.AddMinutes(-30));
        await Browser.GotoAsync(page, "/admin/logs", "#logs-status:has-text('4 execution(s)')");
        await Expect(Chart(page)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Executions per hour: 4 in"));

        await page.GetByLabel("Service").SelectOptionAsync(new SelectOptionValue { Label = "alpha" });
        await page.Locator("#logs-status:has-text('3 execution(s)')").WaitForAsync();
        await Expect(Chart(page)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Executions per hour: 3 in"));

        await page.GetByLabel("Status").SelectOptionAsync("FAILED");
        await page.Locator("#logs-status:has-text('1 execution(s)')").WaitForAsync();
        await Expect(Chart(page)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Executions per hour: 1 in"));
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task Chart_OverSeveralDays_LabelsEachDay()
    {
        var firstDay = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-3), TimeSpan.Zero);
        var (_, page) = await PageWithLogsAsync(firstDay.AddHours(10), betaAt: firstDay.AddDays(2).AddHours(10));
        await Browser.GotoAsync(page, "/admin/logs", "#logs-status");
        await page.GetByLabel("From").FillAsync(firstDay.ToString("yyyy-MM-dd'T'HH:mm"));
        await page.GetByLabel("To").FillAsync(firstDay.AddDays(3).ToString("yyyy-MM-dd'T'HH:mm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.Locator("#logs-status:has-text('4 execution(s)')").WaitForAsync();
        await Expect(Chart(page)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Executions per hour: 4 in 72 hour"));

        // The browser runs in the machine's zone; the labels are its local dates, so the expected ones are asked of it too.
        var expected = await page.EvaluateAsync<string[]>(
            "from => [0, 1, 2].map(d => new Date(new Date(from).getTime() + d * 86400000 + 12 * 3600000).toLocaleDateString([], { month: 'short', day: 'numeric' }))",
            firstDay.ToString("O"));
        var labels = await page.Locator("#hourly-chart svg text.axis").AllTextContentsAsync();
        foreach (var day in expected)
            Assert.IsTrue(labels.Any(l => l.Contains(day)), $"no axis label names {day}; labels: {string.Join(" | ", labels)}");
        await Browser.ScreenshotAsync(page, "logs-multi-day");
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task ReversedDateRange_ShowsOneMessageByTheDates_AndNoStaleRows()
    {
        var (_, page) = await PageWithLogsAsync(DateTimeOffset.UtcNow.AddMinutes(-30));
        await Browser.GotoAsync(page, "/admin/logs", "#logs-status:has-text('4 execution(s)')");
        await page.GetByLabel("From").FillAsync("2026-03-10T00:00");
        await page.GetByLabel("To").FillAsync("2026-03-01T00:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        var message = page.Locator("[data-error-for='date_from']");
        await Expect(message).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("after"));
        await Expect(page.Locator("#logs-body tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#hourly-chart svg")).ToHaveCountAsync(0);
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("date_from", text, "the raw query key shows on the page");
        Assert.AreEqual(1, await page.GetByText("after").CountAsync(), text);
        Assert.AreEqual("true", await page.GetByLabel("From").GetAttributeAsync("aria-invalid"));
        await Browser.ScreenshotAsync(page, "logs-bad-range");
        await page.Context.CloseAsync();
    }
}
