using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Throttling;

/// <summary>
/// A stopwatch harness, not a timed assertion: what the throttle adds to one attempt (admission before it, release
/// after it) with no limit and with each limit set, 500 attempts each, written to the test output.
/// </summary>
[TestClass]
public sealed class ThrottleOverheadTests
{
    private const int Attempts = 500;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task AdmitAndRelease_FiveHundredAttempts_AllAdmitted_NothingLeftHeld()
    {
        var app = await TestHost.CreateAppAsync();
        var result = new AttemptResult { Status = "SUCCESS" };
        var cases = new (string Name, Action<ServiceConfiguration> Limits)[]
        {
            ("no limit", _ => { }),
            ("max_concurrency", s => s.MaxConcurrency = 1000),
            ("rate_limit_per_minute", s => s.RateLimitPerMinute = 1_000_000),
            ("circuit_breaker", s => s.CircuitBreaker = new CircuitBreakerSettings()),
            ("all three", s => (s.MaxConcurrency, s.RateLimitPerMinute, s.CircuitBreaker) = (1000, 1_000_000, new CircuitBreakerSettings())),
        };
        // The first round warms up the JIT and the connection pool; the second is the one reported.
        foreach (var (round, (name, limits)) in cases.Select(c => (0, c)).Concat(cases.Select(c => (1, c))))
        {
            var service = await TestServices.CreateAsync(app, limits);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Attempts; i++)
            {
                await using var scope = TestHost.Factory.Services.CreateAsyncScope();
                var throttle = scope.ServiceProvider.GetRequiredService<ServiceThrottle>();
                var decision = await throttle.AdmitAsync(service, $"job-{i}");
                Assert.IsNotNull(decision.Admission, $"{name}: attempt {i} was deferred: {decision.Deferral}");
                await throttle.ReleaseAsync(decision.Admission, result);
            }
            watch.Stop();
            if (round == 1) TestContext.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds / Attempts:F3} ms per attempt (admit + release), {Attempts} attempts");

            await using var check = TestHost.DbScope(out var db);
            Assert.AreEqual(0, await db.Set<ServiceConcurrencyLease>().CountAsync(l => l.ServiceConfigId == service.Id), name);
        }
    }
}
