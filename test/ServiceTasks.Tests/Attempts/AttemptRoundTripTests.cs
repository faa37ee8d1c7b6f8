using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Attempts;

/// <summary>
/// What one run of the attempt job costs in database commands, as Npgsql traces them (one activity per command;
/// a COMMIT is not a command and is not counted): a success, and a failure that schedules a retry. The counts are
/// written to the test output; the bound is a guard against the attempt path growing again. Also how many times the
/// job's context takes a connection from the pool: each rent costs the pool's reset and the tenant setting again.
/// </summary>
[TestClass]
public sealed class AttemptRoundTripTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task OneAttempt_SucceededOrFailed_CostsAtMostSixProductCommands()
    {
        var app = await TestHost.CreateAppAsync();
        var ok = await TestServices.CreateAsync(app, _ => { });
        var failing = await TestServices.CreateAsync(app, s => s.MockDefinition = TestServices.AlwaysFails(503));
        var counts = new List<int>();
        // The first run of each reads the configuration version; the second finds it cached, as nearly every attempt does.
        foreach (var (name, service) in new[] { ("success", ok), ("failure", failing), ("success", ok), ("failure", failing) })
        {
            var (product, hangfire, _) = await CountAsync(app, service.Id);
            TestContext.WriteLine($"{name}: {product.Count} product commands ({string.Join(" | ", product)}), {hangfire} Hangfire storage commands");
            counts.Add(product.Count);
        }
        Assert.IsLessThanOrEqualTo(6, counts[2], "a success with its version cached");
        Assert.IsLessThanOrEqualTo(6, counts[3], "a failure with its version cached");
    }

    [TestMethod]
    public async Task OneAttempt_RentsOneConnectionBeforeTheDownstreamCallAndOneAfter()
    {
        var app = await TestHost.CreateAppAsync();
        var ok = await TestServices.CreateAsync(app, _ => { });
        var failing = await TestServices.CreateAsync(app, s => s.MockDefinition = TestServices.AlwaysFails(503));
        await CountAsync(app, ok.Id); // reads and caches the configuration versions
        await CountAsync(app, failing.Id);

        Assert.AreEqual(2, (await CountAsync(app, ok.Id)).Opens, "a success: claim and start on one, the outcome on the other");
        Assert.AreEqual(2, (await CountAsync(app, failing.Id)).Opens, "a failure that schedules a retry");
    }

    private static async Task<(List<string> Product, int Hangfire, int Opens)> CountAsync(TestApp app, Guid serviceId)
    {
        var services = TestHost.Factory.Services;
        var taskId = Guid.CreateVersion7();
        var call = Job.FromExpression<ServiceTaskJob>(j => j.RunAsync(taskId, null, CancellationToken.None));
        var jobId = services.GetRequiredService<IBackgroundJobClient>().Create(call, new Hangfire.States.ScheduledState(TimeSpan.FromDays(1)));
        await TestServices.WriteTaskAsync(app, serviceId, t => { t.Id = taskId; t.HangfireJobId = jobId; t.MaxRetries = 1; });

        var commands = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.Source.Name == "Npgsql") commands.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId trace;
        int opens;
        using (var measured = new Activity("attempt").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            trace = measured.TraceId;
            using var connections = new ConnectionOpens(trace);
            await using var scope = services.CreateAsyncScope();
            var job = ActivatorUtilities.CreateInstance<ServiceTaskJob>(scope.ServiceProvider);
            var storage = services.GetRequiredService<JobStorage>();
            using var connection = storage.GetConnection();
            var context = new PerformContext(storage, connection, new BackgroundJob(jobId, call, DateTime.UtcNow), new JobCancellationToken(false));
            try { await job.RunAsync(taskId, context, CancellationToken.None); }
            catch (AttemptFailedException) { }
            opens = connections.Count;
        }
        var ours = commands.Where(a => a.TraceId == trace).Select(a => (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement") ?? a.DisplayName)?.ToString() ?? "")
            .ToList();
        // Hangfire.PostgreSql quotes its schema; the product's own statements name it unquoted (the pause flag) or not at all.
        var product = ours.Where(s => !s.Contains("\"hangfire\".", StringComparison.Ordinal))
            .Select(s => s.ReplaceLineEndings(" ") is var line && line.Length > 70 ? line[..70] : line).ToList();
        return (product, ours.Count - product.Count, opens);
    }
}
