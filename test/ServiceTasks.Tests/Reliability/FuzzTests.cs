using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Tests.Infrastructure;

namespace ServiceTasks.Tests.Reliability;

/// <summary>Fuzzing (docs/reliability.md): seeded malformed requests across every write endpoint; no 5xx, no partial rows.</summary>
[TestClass]
public sealed class FuzzTests
{
    private const int Seed = 20261126;
    private const int RequestsPerEndpoint = 130;

    public TestContext TestContext { get; set; } = null!;

    private sealed record Target(string Method, string Url, Func<TestApp, HttpClient> Client, JsonObject Valid);

    [TestMethod]
    public async Task EveryWriteEndpoint_UnderSeededMalformedRequests_AnswersNo5xx_AndWritesNoPartialRows()
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        var fuzz = new FuzzBodies(Seed);
        var mockService = new JsonObject { ["service_name"] = "fz", ["service_type"] = "MOCK", ["mock_template_id"] = "weather_service_mock" };
        Target[] targets =
        [
            new("POST", "/api/apps", _ => TestHost.Operator(), new JsonObject { ["name"] = "fz", ["callback_url"] = "http://127.0.0.1:1/x" }),
            new("PATCH", $"/api/apps/{app.AppUuid}", a => a.Admin(), new JsonObject { ["name"] = "fz2", ["rotate_callback_secret"] = false }),
            new("POST", $"/api/apps/{app.AppUuid}/keys", a => a.Admin(), new JsonObject { ["role"] = "engine", ["name"] = "k" }),
            new("POST", "/api/services", a => a.Admin(), mockService),
            new("PATCH", $"/api/services/{service.Id}", a => a.Admin(), new JsonObject { ["description"] = "d", ["timeout_seconds"] = 5 }),
            new("POST", "/api/services/import?dry_run=true", a => a.Admin(), new JsonObject { ["services"] = new JsonArray(mockService.DeepClone()) }),
            new("POST", $"/api/services/{service.Id}/test", a => a.Admin(), new JsonObject { ["input_data"] = new JsonObject() }),
            new("POST", "/api/service-tasks", a => a.Engine(), new JsonObject
            {
                ["service_config_id"] = service.Id.ToString(), ["instance_id"] = "fz", ["task_id"] = "t", ["input_data"] = new JsonObject(),
            }),
        ];

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var sent = 0;
        foreach (var target in targets)
        {
            using var client = target.Client(app);
            for (var i = 0; i < RequestsPerEndpoint; i++)
            {
                var body = fuzz.Next(target.Valid);
                using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(i % 13 == 0 ? "text/plain" : i % 2 == 0 ? "application/json" : "application/merge-patch+json");
                if (i % 7 == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", fuzz.Pick(["", " ", "a b", new string('k', 300), "\t", "ok-key"]));
                if (i % 11 == 0) request.Headers.TryAddWithoutValidation("If-Match", fuzz.Pick(["garbage", "\"v\"", "\"v-1\"", "*", "W/\"v1\""]));
                var status = (int)(await client.SendAsync(request)).StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500) failures.Add($"{target.Method} {target.Url} #{i}: {status} for {Shorten(System.Text.Encoding.UTF8.GetString(body))}");
                sent++;
            }
            using var huge = new HttpRequestMessage(new HttpMethod(target.Method), target.Url)
            {
                Content = new ByteArrayContent(new byte[10 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } },
            };
            // As real clients do for big bodies: the server refuses (413) before the 10 MiB are sent.
            huge.Headers.ExpectContinue = true;
            var hugeStatus = (await client.SendAsync(huge)).StatusCode;
            if (hugeStatus != HttpStatusCode.RequestEntityTooLarge) failures.Add($"{target.Method} {target.Url} 10 MiB: {hugeStatus}");
            sent++;
        }

        TestContext.WriteLine($"{sent} malformed requests; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.IsEmpty(failures, string.Join('\n', failures));
        Assert.IsGreaterThanOrEqualTo(1000, sent);
        using var anonymous = TestHost.Anonymous();
        Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        await AssertNoPartialRowsAsync(app.AppUuid);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300];

    /// <summary>Whatever was written is whole: every service has its version row, every task its job.</summary>
    private static async Task AssertNoPartialRowsAsync(Guid appUuid)
    {
        await using var scope = TestHost.DbScope(out var db);
        var servicesWithoutVersion = await db.ServiceConfigurations.Where(s => s.AppUuid == appUuid)
            .CountAsync(s => !db.ServiceConfigurationVersions.Any(v => v.ServiceConfigId == s.Id && v.Version == s.Version));
        Assert.AreEqual(0, servicesWithoutVersion);
        Assert.AreEqual(0, await db.ServiceTasks.CountAsync(t => t.AppUuid == appUuid && t.HangfireJobId == null));
    }
}
