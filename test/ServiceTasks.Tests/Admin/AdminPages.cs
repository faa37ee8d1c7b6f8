using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ServiceTasks.Tests.Admin;

/// <summary>Signing in through the login form, and the checks every page test shares.</summary>
internal static partial class AdminPages
{
    /// <summary>
    /// Submits <paramref name="key"/> on the login page the browser shows and waits for the services page: for the
    /// navigation to commit, then for the page's status line. Its load event waits for every script and style, and in
    /// CI runs it sometimes did not come within 30 s although the network had long gone idle.
    /// </summary>
    public static async Task SubmitKeyAsync(IPage page, string key)
    {
        await page.FillAsync("#key", key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/services", new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("#services-status").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>A fresh browser signed in with <paramref name="key"/>; for an operator, <paramref name="app"/> is picked in the header.</summary>
    public static async Task<IPage> SignInAsync(string key, Guid? app = null)
    {
        var page = await Browser.Shared.NewPageAsync();
        await page.GotoAsync("/admin/login");
        await SubmitKeyAsync(page, key);
        if (app is { } chosen)
        {
            await page.Locator("#app-picker option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.GetByLabel("App", new() { Exact = true }).SelectOptionAsync(chosen.ToString());
            await page.Locator("#services-status:has-text('service(s)')").WaitForAsync();
        }
        return page;
    }

    public static Task<IPage> SignInAsync(TestApp app) => SignInAsync(app.AdminKey);

    /// <summary>Answers the page's confirmation dialog with the button named <paramref name="answer"/>, after checking its question.</summary>
    public static async Task ConfirmAsync(IPage page, string question, string answer)
    {
        var dialog = page.Locator("#confirm-dialog");
        await dialog.Filter(new() { HasText = question }).WaitForAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = answer, Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    public static Regex NonEmpty { get; } = NonEmptyText();

    [GeneratedRegex(".+")]
    private static partial Regex NonEmptyText();
}
