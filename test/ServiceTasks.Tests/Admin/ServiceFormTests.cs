using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceTasks.Tests.Admin;

/// <summary>The service form covers every setting, by keyboard alone, and shows the API's field errors by their fields.</summary>
[TestClass]
public sealed class ServiceFormTests
{
    /// <summary>Presses Tab until <paramref name="id"/> has the focus, never leaving the open dialog; the ids passed on the way are recorded.</summary>
    private static async Task TabToAsync(IPage page, string id, List<string> visited)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return (e.closest('dialog[open]') ? '' : 'OUTSIDE:') + (e.id || e.textContent.trim()); }");
            Assert.DoesNotContain("OUTSIDE:", focused, $"focus left the dialog before reaching #{id}");
            visited.Add(focused);
            if (focused == id) return;
        }
        Assert.Fail($"Tab never reached #{id}; visited {string.Join(", ", visited)}");
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task KeyboardOnly_CreatesAServiceWithEverySetting()
    {
        var app = await TestHost.CreateAppAsync();
        var page = await AdminPages.SignInAsync(app);
        var visited = new List<string>();

        // From the top of the page to the New service button, by Tab alone.
        for (var i = 0; i < 40 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "new-service"; i++)
            await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#service-dialog[open]").WaitForAsync();
        Assert.AreEqual("f-name", await page.EvaluateAsync<string>("() => document.activeElement.id"), "the dialog starts at its first field");
        await page.Keyboard.TypeAsync("keyboard-made");

        async Task Type(string id, string text)
        {
            await TabToAsync(page, id, visited);
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync(text);
        }
        await Type("f-description", "made without a mouse");
        await Type("f-mock", """{"min_delay_ms": 0, "max_delay_ms": 0}""");
        await Type("f-timeout", "20");
        await Type("f-retries", "4");
        await Type("f-initial-delay", "1.5");
        await Type("f-multiplier", "3");
        await Type("f-max-delay", "90");
        await TabToAsync(page, "f-jitter", visited);
        await page.Keyboard.PressAsync("ArrowDown"); // full → none
        await Type("f-deadline", "600");
        await TabToAsync(page, "f-idempotency", visited);
        await page.Keyboard.PressAsync("Space"); // off
        await Type("f-rate", "30");
        await Type("f-concurrency", "2");
        await TabToAsync(page, "f-breaker", visited);
        await page.Keyboard.PressAsync("Space"); // on: its two settings appear
        await Type("f-threshold", "4");
        await Type("f-break", "45");
        await Browser.ScreenshotAsync(page, "services-form-settings");
        await TabToAsync(page, "Save", visited);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#services-body tr:has-text('keyboard-made')").WaitForAsync();

        using var admin = app.Admin();
        var list = await (await admin.GetAsync("/api/services?search=keyboard-made")).JsonAsync(HttpStatusCode.OK);
        var s = list["items"]![0]!;
        Assert.AreEqual("made without a mouse", s["description"]!.GetValue<string>());
        Assert.AreEqual(20, s["timeout_seconds"]!.GetValue<int>());
        Assert.AreEqual(4, s["max_retries"]!.GetValue<int>());
        Assert.AreEqual(1.5, s["retry_policy"]!["initial_delay_seconds"]!.GetValue<double>());
        Assert.AreEqual(3, s["retry_policy"]!["multiplier"]!.GetValue<double>());
        Assert.AreEqual(90, s["retry_policy"]!["max_delay_seconds"]!.GetValue<double>());
        Assert.AreEqual("none", s["retry_policy"]!["jitter"]!.GetValue<string>());
        Assert.AreEqual(600, s["retry_policy"]!["deadline_seconds"]!.GetValue<double>());
        Assert.IsFalse(s["send_idempotency_key"]!.GetValue<bool>());
        Assert.AreEqual(30, s["rate_limit_per_minute"]!.GetValue<int>());
        Assert.AreEqual(2, s["max_concurrency"]!.GetValue<int>());
        Assert.AreEqual(4, s["circuit_breaker"]!["failure_threshold"]!.GetValue<int>());
        Assert.AreEqual(45, s["circuit_breaker"]!["break_seconds"]!.GetValue<int>());

        // Editing shows every setting back, and clearing the optional ones removes them (a merge patch with nulls).
        await page.Locator("#services-body tr", new() { HasText = "keyboard-made" }).GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var dialog = page.Locator("#service-dialog");
        await Expect(dialog.GetByLabel("Deadline (s after creation)")).ToHaveValueAsync("600");
        await Expect(dialog.GetByLabel("Open after failures")).ToHaveValueAsync("4");
        await dialog.GetByLabel("Deadline (s after creation)").FillAsync("");
        await dialog.GetByLabel("Rate limit (starts a minute)").FillAsync("");
        await dialog.GetByLabel("Circuit breaker").UncheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.Locator("#services-body tr:has-text('keyboard-made'):has-text('v2')").WaitForAsync();
        var edited = await (await admin.GetAsync($"/api/services/{s["id"]!.GetValue<string>()}")).JsonAsync(HttpStatusCode.OK);
        Assert.IsNull(edited["retry_policy"]!["deadline_seconds"]);
        Assert.IsNull(edited["rate_limit_per_minute"]);
        Assert.IsNull(edited["circuit_breaker"]);
        Assert.AreEqual(2, edited["max_concurrency"]!.GetValue<int>());
        await page.Context.CloseAsync();
    }

    [TestMethod]
    [TestCategory("Browser")]
    public async Task ApiFieldErrors_ShowNextToTheSettingTheyName()
    {
        var app = await TestHost.CreateAppAsync();
        var page = await AdminPages.SignInAsync(app);
        await page.GetByRole(AriaRole.Button, new() { Name = "New service" }).ClickAsync();
        var dialog = page.Locator("#service-dialog");
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("bad-settings");
        await dialog.GetByLabel("Delay multiplier").FillAsync("0.5");
        await dialog.GetByLabel("First retry after (s)").FillAsync("10");
        await dialog.GetByLabel("Longest delay (s)").FillAsync("5");
        await dialog.GetByLabel("Deadline (s after creation)").FillAsync("-1");
        await dialog.GetByLabel("Concurrency limit").FillAsync("0");
        await dialog.GetByLabel("Circuit breaker").CheckAsync();
        await dialog.GetByLabel("Open after failures").FillAsync("0");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        foreach (var (field, label, message) in new[]
                 {
                     ("retry_policy.multiplier", "Delay multiplier", "at least 1"),
                     ("retry_policy.max_delay_seconds", "Longest delay (s)", "at least \"First retry after (s)\""),
                     ("retry_policy.deadline_seconds", "Deadline (s after creation)", "greater than 0"),
                     ("max_concurrency", "Concurrency limit", "at least 1"),
                     ("circuit_breaker.failure_threshold", "Open after failures", "at least 1"),
                 })
        {
            await Expect(page.Locator($"[data-error-for='{field}']")).ToContainTextAsync(message);
            Assert.AreEqual("true", await dialog.GetByLabel(label, new() { Exact = true }).GetAttributeAsync("aria-invalid"), field);
        }
        await Browser.ScreenshotAsync(page, "services-settings-errors");
        using var admin = app.Admin();
        var list = await (await admin.GetAsync("/api/services")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(0, list["total_count"]!.GetValue<int>());
        await page.Context.CloseAsync();
    }
}
