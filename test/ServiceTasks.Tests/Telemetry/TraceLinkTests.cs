using System.Net;

namespace ServiceTasks.Tests.Telemetry;

/// <summary>The logs page hands its script the configured trace URL template; without one, ids stay plain text.</summary>
[TestClass]
public sealed class TraceLinkTests
{
    private const string Template = "https://tracing.example/trace/{trace_id}";

    [TestMethod]
    public async Task LogsPage_WithATraceUrlTemplate_GivesItToTheScript()
    {
        await using var host = new ServiceTasksFactory(await TestDatabase.CreateAsync("tracelink"),
            new Dictionary<string, string?> { ["Telemetry:TraceUrlTemplate"] = Template }).Start();
        var app = await host.CreateAppAsync(await host.CreateKeyAsync(Roles.Operator, appUuid: null));
        using var session = new AdminSession(host: host);
        await session.SignInAsync(app.AdminKey);

        var html = await session.Client.GetStringAsync("/admin/logs");
        StringAssert.Contains(html, $"data-trace-url=\"{WebUtility.HtmlEncode(Template)}\"");
    }

    [TestMethod]
    public async Task LogsPage_WithoutATemplate_GivesAnEmptyOne()
    {
        var app = await TestHost.CreateAppAsync();
        using var session = new AdminSession();
        await session.SignInAsync(app.AdminKey);

        StringAssert.Contains(await session.Client.GetStringAsync("/admin/logs"), "data-trace-url=\"\"");
    }
}
