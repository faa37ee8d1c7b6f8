using System.Diagnostics;
using Microsoft.Playwright;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, against the shared host. No browser download: the system
/// binary is launched directly. Screenshots and page load times go to the test output folder.
/// Tests that open a page carry <c>[TestCategory("Browser")]</c>, so the quick loop can leave them out.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly SemaphoreSlim _starting = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private Browser()
    {
    }

    public static string OutputFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-output")).FullName;

    /// <summary>
    /// The one browser of the run, closed at assembly cleanup. Chromium starts with the first page, not here, so a run
    /// that opens no page (the Browser category left out) needs no Chromium on the machine.
    /// </summary>
    public static Browser Shared { get; } = new();

    /// <summary>Fails the test with one line naming the package when Chromium is not installed at <paramref name="path"/>.</summary>
    public static void RequireChromium(string path = ChromiumPath)
    {
        if (!File.Exists(path)) throw new MissingPackageException($"Chromium is not installed ({path} is missing): apt-get install chromium");
    }

    private async Task<IBrowser> StartedAsync()
    {
        await _starting.WaitAsync();
        try
        {
            if (_browser is not null) return _browser;
            RequireChromium();
            _playwright = await Playwright.CreateAsync();
            return _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>A fresh browser profile (no cookies) on the shared host, optionally sending extra headers on every request.</summary>
    public async Task<IPage> NewPageAsync(IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var browser = await StartedAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
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
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        _starting.Dispose();
    }
}
