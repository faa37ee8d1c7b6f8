using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Reliability;

/// <summary>
/// One api process and N worker-only processes of the real executable on one database, an app whose completion
/// callbacks go to a loopback receiver, and a MOCK service with 50–200 ms delays: the stage for fault tests.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;

    private FaultCluster(string connectionString, Dictionary<string, string?> settings, LoopbackServer receiver)
    {
        ConnectionString = connectionString;
        _settings = settings;
        Receiver = receiver;
    }

    public string ConnectionString { get; }
    public LoopbackServer Receiver { get; }
    public ServiceProcess Api { get; private set; } = null!;
    public List<ServiceProcess> Workers { get; } = [];

    /// <summary>Workers killed by a test, kept for their output and disposed with the cluster.</summary>
    public List<ServiceProcess> Killed { get; } = [];
    public HttpClient Engine { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public Guid ServiceId { get; private set; }

    public static async Task<FaultCluster> StartAsync(string connectionString, int workers, int threadsPerWorker, int minDelayMs = 50, int maxDelayMs = 200,
        int invisibilityTimeoutSeconds = 15)
    {
        var receiver = await LoopbackServer.StartAsync();
        receiver.Reply("/hook", LoopbackResponse.Text("", 204));
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings__ServiceTasks"] = connectionString, ["Http__AllowPrivateNetworks"] = "true",
            ["Hangfire__WorkerCount"] = threadsPerWorker.ToString(), ["Hangfire__InvisibilityTimeoutSeconds"] = invisibilityTimeoutSeconds.ToString(),
        };
        var cluster = new FaultCluster(connectionString, settings, receiver);
        cluster.Api = await cluster.StartProcessAsync("api");
        var seed = await StandaloneSeed.WriteAsync(connectionString);
        using var op = cluster.Client(seed.OperatorKey);
        var app = await (await op.PostAsJsonAsync("/api/apps", new { name = "faults", callback_url = receiver.Url("/hook") })).JsonAsync(HttpStatusCode.Created);
        var appUuid = app["app_uuid"]!.GetValue<string>();
        async Task<string> Key(string role) =>
            (await (await op.PostAsJsonAsync($"/api/apps/{appUuid}/keys", new { role, name = role })).JsonAsync(HttpStatusCode.Created))["key"]!.GetValue<string>();
        var admin = cluster.Admin = cluster.Client(await Key("admin"));
        cluster.Engine = cluster.Client(await Key("engine"));
        var service = await (await admin.PostAsJsonAsync("/api/services", new
        {
            service_name = "faulty-world", service_type = "MOCK", max_retries = 3,
            retry_policy = new { initial_delay_seconds = 0.5, multiplier = 1, max_delay_seconds = 1, jitter = "none" },
            mock_definition = new { success_response = new { ok = true }, min_delay_ms = minDelayMs, max_delay_ms = maxDelayMs },
        })).JsonAsync(HttpStatusCode.Created);
        cluster.ServiceId = Guid.Parse(service["id"]!.GetValue<string>());
        for (var i = 0; i < workers; i++) cluster.Workers.Add(await cluster.StartProcessAsync("worker"));
        return cluster;
    }

    /// <summary>Starts a process and returns at once, as a service manager restarting a worker does.</summary>
    public ServiceProcess Launch(string roles) => ServiceProcess.Start(new Dictionary<string, string?>(_settings) { ["ServiceTasks__Roles"] = roles });

    public async Task<ServiceProcess> StartProcessAsync(string roles)
    {
        var process = Launch(roles);
        using var probe = new HttpClient { BaseAddress = process.BaseAddress };
        await Readiness.WaitReadyAsync(probe);
        return process;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public async Task EnqueueAsync(int count, int parallel = 8, Func<int, Guid>? serviceFor = null, int first = 0)
    {
        var next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < first + count; i = Interlocked.Increment(ref next))
            {
                var response = await Engine.PostAsJsonAsync("/api/service-tasks",
                    new { service_config_id = serviceFor?.Invoke(i) ?? ServiceId, instance_id = $"wf-{i}", task_id = "n", input_data = new { i } });
                Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
            }
        }));
    }

    public async Task<int> CountAsync(Func<IQueryable<ServiceTask>, IQueryable<ServiceTask>> filter)
    {
        await using var db = TestDatabase.Context(ConnectionString);
        db.Tenant.UseAllApps();
        return await filter(db.ServiceTasks).CountAsync();
    }

    public Task WaitAllTerminalAsync(int expected, TimeSpan timeout) => Eventually.WaitAsync(
        () => CountAsync(q => q.Where(t => t.Status == ServiceTaskStatus.Completed || t.Status == ServiceTaskStatus.Failed
            || t.Status == ServiceTaskStatus.Cancelled)),
        n => n == expected, timeout, $"all {expected} tasks to reach a terminal state");

    /// <summary>Per task, the distinct webhook-ids the receiver accepted: one callback sequence each.</summary>
    public IReadOnlyDictionary<string, int> CallbackSequencesPerTask()
    {
        var sequences = new ConcurrentDictionary<string, HashSet<string>>();
        foreach (var request in Receiver.RequestsTo("/hook"))
        {
            var taskId = JsonNode.Parse(request.Body)!["service_task_id"]!.GetValue<string>();
            sequences.GetOrAdd(taskId, _ => []).Add(request.Header("webhook-id") ?? "");
        }
        return sequences.ToDictionary(s => s.Key, s => s.Value.Count);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in Workers.Concat(Killed)) await worker.DisposeAsync();
        await Api.DisposeAsync();
        Engine.Dispose();
        Admin.Dispose();
        await Receiver.DisposeAsync();
    }
}
