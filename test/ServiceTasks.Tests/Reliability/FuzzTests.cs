using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// Seeded malformed requests on every route and method: bodies (FuzzBodies), query strings and route values. No answer
/// may be a 5xx, nothing half-written may stay, and the service stays ready. Findings live on in FuzzRegressionTests.
/// </summary>
[TestClass]
public sealed class FuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task EveryRoute_UnderSeededMalformedRequests_AnswersNo5xx_AndWritesNoPartialRows()
    {
        var run = await FuzzRunAsync(seeds: [20261126], requestsPerTarget: 60);
        Assert.IsGreaterThanOrEqualTo(1500, run.Sent);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public async Task EveryRoute_UnderTenThousandSeededMalformedRequests_AnswersNo5xx()
    {
        var run = await FuzzRunAsync(seeds: [1, 2, 3, 4, 5], requestsPerTarget: 75);
        Assert.IsGreaterThanOrEqualTo(10_000, run.Sent);
    }

    private sealed record Run(int Sent);

    private async Task<Run> FuzzRunAsync(int[] seeds, int requestsPerTarget)
    {
        var app = await TestHost.CreateAppAsync();
        var service = await TestServices.CreateAsync(app, _ => { });
        using var engineClient = app.Engine();
        var taskId = await TestServices.EnqueueAsync(engineClient, service.Id);
        var targets = FuzzTargets.For(app, service.Id, taskId);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        foreach (var seed in seeds)
        {
            var fuzz = new FuzzBodies(seed);
            foreach (var target in targets)
            {
                using var client = target.Client(app);
                for (var i = 0; i < requestsPerTarget; i++)
                {
                    var url = FuzzTargets.Url(target.Route, app, service.Id, taskId, fuzz) + fuzz.Query(target.Query);
                    using var request = new HttpRequestMessage(new HttpMethod(target.Method), url);
                    var body = target.Valid is null ? null : fuzz.Next(target.Valid);
                    if (body is not null)
                    {
                        request.Content = new ByteArrayContent(body);
                        request.Content.Headers.ContentType = new MediaTypeHeaderValue(i % 13 == 0 ? "text/plain" : i % 2 == 0 ? "application/json" : "application/merge-patch+json");
                    }
                    if (i % 7 == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", fuzz.Pick(["", " ", "a b", new string('k', 300), "\t", "ok-key"]));
                    if (i % 11 == 0) request.Headers.TryAddWithoutValidation("If-Match", fuzz.Pick(["garbage", "\"v\"", "\"v-1\"", "*", "W/\"v1\""]));
                    using var response = await client.SendAsync(request);
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (status >= 500)
                        failures.Add($"seed {seed}: {target.Method} {Shorten(url)} -> {status} for {Shorten(body is null ? "" : Encoding.UTF8.GetString(body))}");
                    sent++;
                }
                if (target.Valid is not null && seed == seeds[0]) sent += await TooLargeAsync(client, target, app, service.Id, taskId, failures);
            }
        }

        TestContext.WriteLine($"{sent} malformed requests over seeds {string.Join(", ", seeds)}; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.IsEmpty(failures, $"{failures.Count} answers in 5xx:\n{string.Join('\n', failures.Take(40))}");
        using var anonymous = TestHost.Anonymous();
        Assert.AreEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        await AssertNoPartialRowsAsync(app.AppUuid);
        return new Run(sent);
    }

    /// <summary>As real clients do for big bodies: the server refuses (413) before the 10 MiB are sent.</summary>
    private static async Task<int> TooLargeAsync(HttpClient client, FuzzTarget target, TestApp app, Guid serviceId, Guid taskId, List<string> failures)
    {
        using var huge = new HttpRequestMessage(new HttpMethod(target.Method), FuzzTargets.Url(target.Route, app, serviceId, taskId, fuzz: null))
        {
            Content = new ByteArrayContent(new byte[10 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } },
        };
        huge.Headers.ExpectContinue = true;
        var status = (int)(await client.SendAsync(huge)).StatusCode;
        if (status != 413) failures.Add($"{target.Method} {target.Route} 10 MiB: {status}");
        return 1;
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
