using Microsoft.Playwright;

namespace ServiceTasks.Tests.Admin;

/// <summary>
/// An axe-style check of names, written here because axe-core is not vendored: every visible form control has a
/// label (a label element, aria-label or aria-labelledby) and every visible button and link an accessible name.
/// Evaluated through the DevTools protocol, so the pages' script-src policy does not apply to it.
/// </summary>
internal static class LabelCheck
{
    private const string Script = """
        () => {
          const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) && getComputedStyle(e).visibility !== "hidden";
          const text = e => (e ? e.textContent : "").trim();
          const byIds = ids => ids.split(/\s+/).map(id => text(document.getElementById(id))).join(" ").trim();
          const problems = [];
          const describe = e => e.outerHTML.slice(0, 120);
          for (const e of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
            if (!visible(e)) continue;
            const named = (e.labels && [...e.labels].some(l => text(l))) || (e.getAttribute("aria-label") || "").trim()
              || (e.getAttribute("aria-labelledby") && byIds(e.getAttribute("aria-labelledby")));
            if (!named) problems.push("control without a label: " + describe(e));
          }
          for (const e of document.querySelectorAll("button, [role=button], a[href]")) {
            if (!visible(e)) continue;
            const named = text(e) || (e.getAttribute("aria-label") || "").trim() || e.getAttribute("title")
              || (e.getAttribute("aria-labelledby") && byIds(e.getAttribute("aria-labelledby")));
            if (!named) problems.push("button or link without a name: " + describe(e));
          }
          for (const d of document.querySelectorAll("dialog[open]")) {
            const id = d.getAttribute("aria-labelledby");
            if (!(id && byIds(id)) && !d.getAttribute("aria-label")) problems.push("dialog without a name: " + describe(d));
          }
          return problems;
        }
        """;

    public static async Task AssertNamedAsync(IPage page, string where)
    {
        var problems = await page.EvaluateAsync<string[]>(Script);
        Assert.IsEmpty(problems, $"on {where}: {string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>The check must be able to fail: a page with an unnamed input and button is caught.</summary>
    public static async Task AssertCatchesAsync(IPage page)
    {
        await page.EvaluateAsync("() => { const i = document.createElement('input'); i.id = 'unnamed-probe'; const b = document.createElement('button'); b.id = 'unnamed-button'; document.querySelector('main').append(i, b); }");
        var problems = await page.EvaluateAsync<string[]>(Script);
        Assert.IsTrue(problems.Any(p => p.Contains("unnamed-probe")) && problems.Any(p => p.Contains("unnamed-button")), string.Join("; ", problems));
        await page.EvaluateAsync("() => { document.getElementById('unnamed-probe').remove(); document.getElementById('unnamed-button').remove(); }");
    }
}
