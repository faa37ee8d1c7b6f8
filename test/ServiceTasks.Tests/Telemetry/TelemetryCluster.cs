using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Telemetry;

/// <summary>
/// The real executable as separate processes on one fresh database, set up through its API as an operator would: an
/// app whose callbacks go to <see cref="Callbacks"/>, its admin and engine keys, and worker processes on demand.
/// </summary>
internal sealed class TelemetryCluster : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private readonly string _connectionString;
    private readonly IDictionary<string, string?> _settings;
    private readonly List<IAsyncDisposable> _owned = [];

    private TelemetryCluster(string connectionString, IDictionary<string, string?> settings)
    {
        _connectionString = connectionString;
        _settings = settings;
    }

    public ServiceProcess Api { get; private set; } = null!;
    public HttpClient Operator { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Engine { get; private set; } = null!;
    public LoopbackServer Callbacks { get; private set; } = null!;

    /// <summary>Every key and secret the set-up was shown once, for scans that must not find them again.</summary>
    public List<string> Secrets { get; } = [];
    public const string CallbackPath = "/hooks/service-tasks";

    /// <param name="roles">The first process's roles: "api" alone, or "api,worker".</param>
    public static async Task<TelemetryCluster> StartAsync(string purpose, IDictionary<string, string?> settings, string roles)
    {
        var cluster = new TelemetryCluster(await TestDatabase.CreateAsync(purpose), settings);
        cluster.Callbacks = await LoopbackServer.StartAsync();
        cluster._owned.Add(cluster.Callbacks);
        cluster.Callbacks.Reply(CallbackPath, new LoopbackResponse(204));
        cluster.Api = await cluster.StartProcessAsync(roles);

        var seed = await StandaloneSeed.WriteAsync(cluster._connectionString);
        cluster.Operator = cluster.Client(seed.OperatorKey);
        var app = await Post(cluster.Operator, "/api/apps",
            new { name = "traced", callback_url = cluster.Callbacks.Url(CallbackPath) }, HttpStatusCode.Created);
        var appUuid = app["app_uuid"]!.GetValue<string>();
        var (admin, engine) = (await KeyAsync(cluster.Operator, appUuid, "admin"), await KeyAsync(cluster.Operator, appUuid, "engine"));
        cluster.Admin = cluster.Client(admin);
        cluster.Engine = cluster.Client(engine);
        cluster.Secrets.AddRange([seed.OperatorKey, seed.AdminKey, seed.EngineKey, admin, engine, app["callback_secret"]!.GetValue<string>()]);
        return cluster;
    }

    /// <summary>Another process on the same database (with the same settings), ready when this returns.</summary>
    public async Task<ServiceProcess> StartProcessAsync(string roles)
    {
        var environment = new Dictionary<string, string?>(_settings)
        {
            ["ConnectionStrings__ServiceTasks"] = _connectionString, ["ServiceTasks__Roles"] = roles,
            ["Http__AllowPrivateNetworks"] = "true",
        };
        var process = ServiceProcess.Start(environment);
        _owned.Add(process);
        using var probe = new HttpClient { BaseAddress = process.BaseAddress };
        await Readiness.WaitReadyAsync(probe, timeoutSeconds: 120);
        return process;
    }

    /// <summary>A REAL service calling <paramref name="url"/>, retried after 1 s.</summary>
    public Task<JsonNode> CreateRealServiceAsync(string name, string url, int maxRetries = 2) =>
        Post(Admin, "/api/services", new
        {
            service_name = name, service_type = "REAL", endpoint_url = url, http_method = "POST",
            authentication = new { type = "bearer", token = "s3cr3t-trace-token" }, timeout_seconds = 20, max_retries = maxRetries,
            retry_policy = new { initial_delay_seconds = 1, multiplier = 1, max_delay_seconds = 1, jitter = "none" },
        }, HttpStatusCode.Created);

    public async Task<JsonNode> WaitFinishedAsync(string taskId) => await Eventually.WaitAsync(
        async () => await (await Engine.GetAsync($"/api/service-tasks/{taskId}")).JsonAsync(HttpStatusCode.OK),
        t => t["status"]!.GetValue<string>() is "COMPLETED" or "FAILED" && t["callback_deliveries"]!.AsArray().Count > 0,
        Wait, $"task {taskId} to finish and call back");

    public HttpClient Client(string? key, ServiceProcess? process = null)
    {
        var client = new HttpClient { BaseAddress = (process ?? Api).BaseAddress, Timeout = Wait };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public static async Task<JsonNode> Post(HttpClient client, string path, object body, HttpStatusCode expected) =>
        await (await client.PostAsJsonAsync(path, body)).JsonAsync(expected);

    private static async Task<string> KeyAsync(HttpClient op, string appUuid, string role) =>
        (await Post(op, $"/api/apps/{appUuid}/keys", new { role, name = role }, HttpStatusCode.Created))["key"]!.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in new[] { Operator, Admin, Engine }) client?.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }
}
