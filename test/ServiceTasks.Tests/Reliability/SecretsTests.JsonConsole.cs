using System.Net;

namespace ServiceTasks.Tests.Reliability;

/// <summary>The secrets scan over a real process's console in its default JSON format.</summary>
public sealed partial class SecretsTests
{
    [TestMethod]
    public async Task JsonConsoleOfARealProcess_AfterRealTasksWithEveryCredentialKind_HoldsNoSecret()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Reply("/svc", LoopbackResponse.Text("busy", 503), LoopbackResponse.Json(new { ok = true }));
        server.Reply("/token", LoopbackResponse.Json(new { access_token = AccessToken, token_type = "Bearer", expires_in = 3600 }));
        await using var collector = await OtlpReceiver.StartAsync();
        // The default JSON console, at Debug, with tracing on: the most the process ever writes about an attempt.
        await using var cluster = await TelemetryCluster.StartAsync("secretsjson", new Dictionary<string, string?>
        {
            ["Logging__LogLevel__Default"] = "Debug", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
        }, roles: "api,worker");
        var taskIds = new List<string>();
        foreach (var (auth, i) in Authentications(server.Url("/token")).Select((a, i) => (a, i)))
        {
            var service = await TelemetryCluster.Post(cluster.Admin, "/api/services", new
            {
                service_name = $"secret-{i}", service_type = "REAL", endpoint_url = server.Url("/svc"), http_method = "POST",
                authentication = auth, headers = new Dictionary<string, string> { ["X-Auth-Token"] = HeaderSecret },
                max_retries = 1, retry_policy = new { initial_delay_seconds = 1, jitter = "none" },
            }, HttpStatusCode.Created);
            var task = await TelemetryCluster.Post(cluster.Engine, "/api/service-tasks",
                new { service_config_id = service["id"], instance_id = $"wf-{i}", task_id = "t" }, HttpStatusCode.Accepted);
            taskIds.Add(task["id"]!.GetValue<string>());
        }
        foreach (var id in taskIds) await cluster.WaitFinishedAsync(id);
        await cluster.Api.StopAsync(TelemetryCluster.Wait);

        var lines = cluster.Api.Lines.Where(l => !ConsoleJson.IsOperatorKeyPrint(l)).ToList();
        Assert.IsTrue(lines.Any(l => ConsoleJson.TryParse(l) is { } json && ConsoleJson.Scopes(json).ContainsKey("Attempt")),
            "the scan reads the JSON lines the attempts wrote");
        string[] secrets = [ApiKey, BearerToken, BasicPassword, ClientSecret, AccessToken, HeaderSecret, .. cluster.Secrets];
        var hits = secrets.SelectMany(s => lines.Where(l => l.Contains(s)).Select(l => $"{s} in: {l}")).ToList();
        Assert.IsEmpty(hits, string.Join('\n', hits));
    }

    private static object[] Authentications(string tokenUrl) =>
    [
        new { type = "api_key", api_key = ApiKey, header_name = "X-API-Key" },
        new { type = "api_key", api_key = ApiKey, query_param = "key" },
        new { type = "bearer", token = BearerToken },
        new { type = "basic", username = "user", password = BasicPassword },
        new { type = "oauth2_client_credentials", token_url = tokenUrl, client_id = "client", client_secret = ClientSecret },
    ];
}
