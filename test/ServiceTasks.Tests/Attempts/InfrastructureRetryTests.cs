using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServiceTasks.Tests.Attempts;

/// <summary>
/// An attempt that breaks for a reason other than its outcome (here: the log table refuses the SUCCESS row) is tried
/// again a bounded number of times, then its task fails naming the cause, with its callback, a log row and a metric.
/// A host of its own, with a small limit and a trigger in its own database.
/// </summary>
[TestClass]
public sealed class InfrastructureRetryTests
{
    private const int Limit = 3;
    private static ServiceTasksFactory _host = null!;
    private static string _operatorKey = "";

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        var database = await TestDatabase.CreateAsync("infra");
        _host = new ServiceTasksFactory(database, new Dictionary<string, string?>
        {
            ["Execution:InfrastructureRetryLimit"] = Limit.ToString(CultureInfo.InvariantCulture),
        }).Start();
        _operatorKey = await _host.CreateKeyAsync(Roles.Operator, appUuid: null);
        await using var scope = _host.DbScope(out var db);
        // Refuses the SUCCESS of services named "poisoned-…" (the row is opened RUNNING at the start and finished with the
        // outcome): the attempt succeeds, its result cannot be stored.
        await db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION refuse_poisoned_log() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the log store refused the row'; END $$;
            CREATE TRIGGER refuse_poisoned_log BEFORE INSERT OR UPDATE ON service_execution_logs FOR EACH ROW
            WHEN (NEW.status = 'SUCCESS' AND NEW.service_name LIKE 'poisoned-%') EXECUTE FUNCTION refuse_poisoned_log();
            """);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await _host.DisposeAsync();
    }

    [TestMethod]
    public async Task AttemptThatCannotBeStored_IsTriedUpToTheLimit_ThenTheTaskFailsNamingTheCause_WithItsCallback()
    {
        await using var receiver = await LoopbackServer.StartAsync();
        receiver.Reply("/hook", new LoopbackResponse(204));
        var app = await _host.CreateAppAsync(_operatorKey, receiver.Url("/hook"));
        var service = await TestServices.CreateAsync(app, s => s.ServiceName = $"poisoned-{Guid.NewGuid():N}");
        using var engine = app.Engine();
        using var anonymous = _host.CreateClient(key: null);
        const string metric = "servicetasks_infrastructure_failures_total{outcome=\"gave_up\"}";
        var before = Value(await (await anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync(), metric);

        var id = await TestServices.EnqueueAsync(engine, service.Id);

        var task = await TestServices.WaitForStatusAsync(engine, id, "FAILED", timeoutSeconds: 90);
        var error = task["error_message"]!.GetValue<string>();
        StringAssert.Contains(error, "PostgresException");
        StringAssert.Contains(error, "the log store refused the row");
        Assert.DoesNotContain(" at ", error, "no stack trace");
        Assert.AreEqual(Limit, task["attempts"]!.GetValue<int>(), "each try ran the attempt again");

        var callback = await Eventually.WaitAsync(() => Task.FromResult(receiver.RequestsTo("/hook")), r => r.Count >= 1,
            TimeSpan.FromSeconds(30), "the completion callback");
        var body = JsonNode.Parse(callback.Single().Body)!;
        Assert.AreEqual("FAILED", body["status"]!.GetValue<string>());
        Assert.AreEqual(error, body["error_message"]!.GetValue<string>());

        await using (var scope = _host.DbScope(out var db))
        {
            // Each try opened its attempt's row; the next try found it unfinished (INTERRUPTED), and the last one is the failure.
            var rows = await db.ServiceExecutionLogs.Where(l => l.ServiceTaskId == id).OrderBy(l => l.RetryAttempt).ToListAsync();
            CollectionAssert.AreEqual(new[] { ExecutionStatus.Interrupted, ExecutionStatus.Interrupted, ExecutionStatus.Failed },
                rows.Select(r => r.Status).ToArray());
            Assert.AreEqual(error, rows[^1].ErrorMessage);
        }
        Assert.IsGreaterThanOrEqualTo(before + 1, Value(await (await anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync(), metric));
        var errors = CapturedLogs.Instance.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains(id.ToString())).ToList();
        Assert.HasCount(1, errors, "one Error line: an operator must act");
        Assert.DoesNotContain("   at ", errors[0], "no stack trace in the log line");
    }

    [TestMethod]
    public async Task BrokenTriesCountInARow_ANormalOutcomeBetweenThemStartsTheCountAgain()
    {
        await using (var scope = _host.DbScope(out var db))
            // The outcome of every attempt of "flaky-…" services is refused, except every third (a sequence, which a
            // refused statement does not roll back): two broken tries, a normal outcome, two broken tries, a normal outcome.
            await db.Database.ExecuteSqlRawAsync("""
                CREATE SEQUENCE flaky_outcomes;
                CREATE FUNCTION refuse_flaky_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('flaky_outcomes') % 3 <> 0 THEN RAISE EXCEPTION 'the log store refused the outcome'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_flaky_outcome BEFORE UPDATE ON service_execution_logs FOR EACH ROW
                WHEN (NEW.status = 'FAILED' AND NEW.service_name LIKE 'flaky-%') EXECUTE FUNCTION refuse_flaky_outcome();
                """);
        var app = await _host.CreateAppAsync(_operatorKey);
        var service = await TestServices.CreateAsync(app, s =>
        {
            s.ServiceName = $"flaky-{Guid.NewGuid():N}";
            s.MockDefinition = TestServices.AlwaysFails(503, retryable: true);
            s.MaxRetries = 1;
        });
        using var engine = app.Engine();

        var id = await TestServices.EnqueueAsync(engine, service.Id);

        // Four broken tries in all, never more than two in a row: the limit of three is never reached, and the task
        // fails on its own retry budget (one retry) with the service's answer.
        var task = await TestServices.WaitForStatusAsync(engine, id, "FAILED", timeoutSeconds: 90);
        Assert.DoesNotContain("tries in a row", task["error_message"]!.GetValue<string>());
        Assert.AreEqual(6, task["attempts"]!.GetValue<int>());
        await using (var scope = _host.DbScope(out var db))
        {
            var rows = await db.ServiceExecutionLogs.Where(l => l.ServiceTaskId == id).OrderBy(l => l.RetryAttempt).ToListAsync();
            CollectionAssert.AreEqual(new[]
            {
                ExecutionStatus.Interrupted, ExecutionStatus.Interrupted, ExecutionStatus.Failed,
                ExecutionStatus.Interrupted, ExecutionStatus.Interrupted, ExecutionStatus.Failed,
            }, rows.Select(r => r.Status).ToArray());
        }
    }

    [TestMethod]
    public async Task JobWhoseTaskRowIsGone_EndsOnce_AndSaysSo()
    {
        var app = await _host.CreateAppAsync(_operatorKey);
        var service = await TestServices.CreateAsync(app, _ => { });
        using var engine = app.Engine();
        var id = await TestServices.EnqueueAsync(engine, service.Id);
        await TestServices.WaitForStatusAsync(engine, id, "COMPLETED");
        var jobs = _host.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Schedule<ServiceTaskJob>(j => j.RunAsync(id, null, CancellationToken.None), TimeSpan.FromDays(1));
        await using (var scope = _host.DbScope(out var db))
            await db.ServiceTasks.Where(t => t.Id == id).ExecuteDeleteAsync();

        jobs.Requeue(jobId);

        using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();
        await Eventually.WaitAsync(() => Task.FromResult(connection.GetStateData(jobId)?.Name), s => s == SucceededState.StateName || s == FailedState.StateName,
            TimeSpan.FromSeconds(30), "the job to end");
        var history = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId).History;
        Assert.AreEqual(1, history.Count(h => h.StateName == ProcessingState.StateName), "it ran once");
        Assert.AreEqual(0, history.Count(h => h.StateName == ScheduledState.StateName && h.Reason?.Contains("retry", StringComparison.OrdinalIgnoreCase) == true));
        var lines = CapturedLogs.Instance.Lines.Where(l => l.Contains(id.ToString()) && l.Contains("no longer exists")).ToList();
        Assert.HasCount(1, lines);
        Assert.IsTrue(lines[0].StartsWith("Information ", StringComparison.Ordinal) || lines[0].StartsWith("Warning ", StringComparison.Ordinal), lines[0]);
    }

    [TestMethod]
    public async Task JobWhoseArgumentsCannotBeRead_EndsFailedOnce_WithoutARetry()
    {
        var jobs = _host.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Schedule<ServiceTaskJob>(j => j.RunAsync(Guid.NewGuid(), null, CancellationToken.None), TimeSpan.FromDays(1));
        await using (var scope = _host.DbScope(out var db))
            await db.Database.ExecuteSqlAsync($"UPDATE hangfire.job SET arguments = '[\"not a task id\",null,null]' WHERE id = {long.Parse(jobId)}");

        jobs.Requeue(jobId);

        using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();
        await Eventually.WaitAsync(() => Task.FromResult(connection.GetStateData(jobId)?.Name), s => s == FailedState.StateName,
            TimeSpan.FromSeconds(30), "the job to fail");
        var history = _host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId).History;
        Assert.AreEqual(1, history.Count(h => h.StateName == FailedState.StateName), "it failed once");
        Assert.AreEqual(1, history.Count(h => h.StateName == ScheduledState.StateName), "no retry was scheduled: the one Scheduled state is its creation");
    }

    private static double Value(string scrape, string series)
    {
        var match = Regex.Match(scrape, "^" + Regex.Escape(series) + @" (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
