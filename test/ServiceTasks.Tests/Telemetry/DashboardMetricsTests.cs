using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ServiceTasks.Tests.Telemetry;

/// <summary>The shipped Grafana dashboard and Prometheus alert rules ask only for series a running product serves.</summary>
[TestClass]
public sealed partial class DashboardMetricsTests
{
    private static string Dashboard => Path.Combine(RepoPaths.Root, "deploy", "grafana", "servicetasks.json");
    private static string Alerts => Path.Combine(RepoPaths.Root, "deploy", "prometheus", "alerts.yml");

    [TestMethod]
    public async Task DashboardAndAlertRules_UseOnlyMetricsThatAProductServesAfterAShortWorkload()
    {
        var expressions = JsonNode.Parse(await File.ReadAllTextAsync(Dashboard))!["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>()).ToList();
        var used = expressions.Append(await File.ReadAllTextAsync(Alerts))
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();
        Assert.IsGreaterThanOrEqualTo(8, used.Count, "the files name the product's metrics: " + string.Join(", ", used));

        // A task that fails once (opening its circuit), waits for it, succeeds and calls back.
        await using var downstream = await LoopbackServer.StartAsync();
        downstream.Reply("/rates", LoopbackResponse.Text("down", 500), LoopbackResponse.Json(new { rate = 1.1 }));
        await using var cluster = await TelemetryCluster.StartAsync("dashboard", new Dictionary<string, string?>(), roles: "api,worker");
        var service = await cluster.CreateRealServiceAsync("rates", downstream.Url("/rates"));
        await (await cluster.Admin.PatchAsync($"/api/services/{service["id"]}", JsonContent("""{"circuit_breaker": {"failure_threshold": 1, "break_seconds": 5}}""")))
            .JsonAsync(HttpStatusCode.OK);
        var task = await TelemetryCluster.Post(cluster.Engine, "/api/service-tasks", new { service_name = "rates", instance_id = "fx", task_id = "rate" }, HttpStatusCode.Accepted);
        Assert.AreEqual("COMPLETED", (await cluster.WaitFinishedAsync(task["id"]!.GetValue<string>()))["status"]!.GetValue<string>());

        using var scraper = cluster.Client(key: null);
        var metrics = await scraper.GetStringAsync("/metrics");
        var served = metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet();
        var missing = used.Where(name => !served.Contains(name)).ToList();
        Assert.IsEmpty(missing, "Used by the dashboard or the alerts but not served at /metrics: " + string.Join(", ", missing));
        StringAssert.Contains(metrics, "servicetasks_circuit_open{service=\"rates\"}");
        StringAssert.Contains(metrics, "servicetasks_service_attempt_duration_seconds_count{service=\"rates\"} 2");
        StringAssert.Contains(metrics, "servicetasks_worker_servers 1");
    }

    [TestMethod]
    public async Task AlertRules_PassPromtoolCheck()
    {
        var promtool = new[] { "/usr/local/bin/promtool", "/usr/bin/promtool" }.FirstOrDefault(File.Exists);
        if (promtool is null)
        {
            // CI installs it (.ci/run); a developer machine without it cannot check, which must not pass as checked.
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("promtool is missing in CI: .ci/run installs it from Debian's prometheus package.");
            Assert.Inconclusive("promtool is not installed (Debian's prometheus package has it; see .ci/run).");
        }
        using var process = Process.Start(new ProcessStartInfo(promtool!, ["check", "rules", Alerts])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, output);
        StringAssert.Contains(output, "SUCCESS: 5 rules found");
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/merge-patch+json");

    [GeneratedRegex(@"\bservicetasks_[a-z_]+\b")]
    private static partial Regex MetricName();
}
