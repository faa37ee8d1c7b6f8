using System.Diagnostics;
using Microsoft.Playwright;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, against the shared host. No browser download: the system
/// binary is launched directly. Screenshots and page load times go to the test output folder.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static string OutputFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-output")).FullName;

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath)) Assert.Fail($"{ChromiumPath} is missing: apt-get install chromium (.ci/run does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh browser profile (no cookies) on the shared host, optionally sending extra headers on every request.</summary>
    public async Task<IPage> NewPageAsync(IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = TestHost.Factory.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            ExtraHTTPHeaders = headers,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(OutputFolder, name + ".png"), FullPage = true });

    /// <summary>
    /// Navigates and waits until <paramref name="readySelector"/> shows, recording the browser's own load time
    /// (navigation timing, loadEventEnd) and the time until the page's data was on screen. Recorded, never asserted.
    /// </summary>
    public static async Task<IResponse?> GotoAsync(IPage page, string path, string readySelector)
    {
        var watch = Stopwatch.StartNew();
        var response = await page.GotoAsync(path);
        await page.Locator(readySelector).First.WaitForAsync();
        var ready = watch.Elapsed.TotalMilliseconds;
        var load = await page.EvaluateAsync<double>(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.loadEventEnd - n.startTime : -1; }");
        await File.AppendAllTextAsync(Path.Combine(OutputFolder, "page-load-times.txt"),
            $"{path}\tload {load:F0} ms\tdata shown {ready:F0} ms{Environment.NewLine}");
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
