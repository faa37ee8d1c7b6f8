using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>Export downloads every service; import shows a dry run first and writes only when applied.</summary>
[TestClass]
public sealed class ImportExportPageTests
{
    [TestMethod]
    [TestCategory("Browser")]
    public async Task Export_Downloads_AndImport_ShowsADryRun_ThenApplies()
    {
        var app = await TestHost.CreateAppAsync();
        await TestServices.CreateAsync(app, s => { s.ServiceName = "exported"; s.TimeoutSeconds = 30; });
        var page = await AdminPages.SignInAsync(app);
        await page.Locator("#services-body tr:has-text('exported')").WaitForAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync());
        var path = Path.Combine(Browser.OutputFolder, $"export-{Guid.NewGuid():N}.json");
        await download.SaveAsAsync(path);
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.AreEqual("exported", exported["services"]![0]!["service_name"]!.GetValue<string>());

        // The file changes one service and adds one.
        exported["services"]![0]!["timeout_seconds"] = 50;
        var added = exported["services"]![0]!.DeepClone();
        added["service_name"] = "imported";
        exported["services"]!.AsArray().Add(added);
        await File.WriteAllTextAsync(path, exported.ToJsonString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Import…" }).ClickAsync();
        await page.GetByLabel("Export file (JSON)").SetInputFilesAsync(path);
        var result = page.Locator("#import-result");
        await Expect(result).ToContainTextAsync("1 would be created, 1 would be updated, 0 unchanged");
        using var admin = app.Admin();
        var before = await (await admin.GetAsync("/api/services")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, before["total_count"]!.GetValue<int>(), "the dry run wrote nothing");
        await Browser.ScreenshotAsync(page, "services-import-dry-run");

        await page.GetByRole(AriaRole.Button, new() { Name = "Apply the import" }).ClickAsync();
        await Expect(result).ToContainTextAsync("1 were created, 1 were updated");
        await page.Keyboard.PressAsync("Escape");
        await page.Locator("#services-body tr:has-text('imported')").WaitForAsync();
        await page.Locator("#services-body tr:has-text('exported'):has-text('50 s')").WaitForAsync();

        // A bad item rejects the file, naming the item and its field.
        exported["services"]![1]!["timeout_seconds"] = 0;
        await File.WriteAllTextAsync(path, exported.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Import…" }).ClickAsync();
        await page.GetByLabel("Export file (JSON)").SetInputFilesAsync(path);
        await Expect(result).ToContainTextAsync("services[1].timeout_seconds");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply the import" })).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }
}
