using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Tests.Reliability;

/// <summary>Secrets: after REAL tasks with every kind of credential, no secret is in a table, an answer or a log line.</summary>
[TestClass]
public sealed partial class SecretsTests
{
    private const string ApiKey = "sk-live-APIKEY-6f1c2b7e9d";
    private const string BearerToken = "tok-BEARER-3a9d8c7b6e";
    private const string BasicPassword = "pw-BASIC-5e4d3c2b1a";
    private const string ClientSecret = "cs-OAUTH-9f8e7d6c5b";
    private const string AccessToken = "at-ACCESS-1a2b3c4d5e";
    private const string HeaderSecret = "hdr-SECRET-7c6b5a4f3e";

    [TestMethod]
    public async Task AfterRealTasksWithEveryCredentialKind_NoSecretAppearsInTablesAnswersOrLogs()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Reply("/svc", LoopbackResponse.Json(new { ok = true }));
        server.Reply("/token", LoopbackResponse.Json(new { access_token = AccessToken, token_type = "Bearer", expires_in = 3600 }));
        var app = await TestHost.CreateAppAsync(callbackUrl: server.Url("/hook"));
        server.Reply("/hook", LoopbackResponse.Text("", 204));
        using var admin = app.Admin();
        using var engine = app.Engine();
        var answers = new StringBuilder();

        var authentications = Authentications(server.Url("/token"));
        var taskIds = new List<Guid>();
        foreach (var (auth, i) in authentications.Select((a, i) => (a, i)))
        {
            var created = await admin.PostAsJsonAsync("/api/services", new
            {
                service_name = $"secret-{i}", service_type = "REAL", endpoint_url = server.Url("/svc"), http_method = "POST",
                authentication = auth, headers = new Dictionary<string, string> { ["X-Auth-Token"] = HeaderSecret },
            });
            var service = await created.JsonAsync(HttpStatusCode.Created);
            answers.Append(service.ToJsonString());
            taskIds.Add(await TestServices.EnqueueAsync(engine, Guid.Parse(service["id"]!.GetValue<string>())));
        }
        foreach (var id in taskIds) answers.Append((await TestServices.WaitForStatusAsync(engine, id, "COMPLETED")).ToJsonString());
        await Eventually.WaitAsync(() => Task.FromResult(server.RequestsTo("/hook").Count), n => n >= taskIds.Count,
            TimeSpan.FromSeconds(30), "every completion callback");

        Assert.IsTrue(server.RequestsTo("/svc").Any(r => r.Header("Authorization") == $"Bearer {AccessToken}"), "the OAuth token reached the service");
        foreach (var path in new[] { "/api/services", "/api/services/export", "/api/services/logs", "/api/service-tasks", $"/api/apps/{app.AppUuid}" })
            answers.Append(await (await admin.GetAsync(path)).Content.ReadAsStringAsync());
        var logs = await (await admin.GetAsync("/api/services/logs")).JsonAsync(HttpStatusCode.OK);
        foreach (var item in logs["items"]!.AsArray())
            answers.Append(await (await admin.GetAsync($"/api/services/logs/{item!["id"]}")).Content.ReadAsStringAsync());

        string[] secrets = [ApiKey, BearerToken, BasicPassword, ClientSecret, AccessToken, HeaderSecret, app.CallbackSecret, app.AdminKey, app.EngineKey];
        var hits = new List<string>();
        foreach (var secret in secrets)
        {
            if (answers.ToString().Contains(secret)) hits.Add($"an API answer holds {secret}");
            if (CapturedLogs.Instance.Lines.Any(l => l.Contains(secret))) hits.Add($"a log line holds {secret}");
            foreach (var table in await TablesHoldingAsync(secret)) hits.Add($"table {table} holds {secret}");
        }
        Assert.IsEmpty(hits, string.Join('\n', hits));
    }

    [TestMethod]
    public async Task CredentialNamedHeader_IsMaskedInAnswers_AndKeptThroughAPatchThatSendsItMasked()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Reply("/svc", LoopbackResponse.Json(new { ok = true }));
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await (await admin.PostAsJsonAsync("/api/services", new
        {
            service_name = "header-secret", service_type = "REAL", endpoint_url = server.Url("/svc"),
            headers = new Dictionary<string, string> { ["X-Auth-Token"] = HeaderSecret, ["X-Tenant"] = "acme" },
        })).JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.AreEqual("***" + HeaderSecret[^4..], created["headers"]!["X-Auth-Token"]!.GetValue<string>());
        Assert.AreEqual("acme", created["headers"]!["X-Tenant"]!.GetValue<string>());

        var patched = await (await admin.PatchAsJsonAsync($"/api/services/{id}", new
        {
            description = "renamed", headers = new Dictionary<string, string> { ["X-Auth-Token"] = "***" + HeaderSecret[^4..], ["X-Tenant"] = "acme" },
        })).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(2, patched["version"]!.GetValue<int>());

        var test = await (await admin.PostAsJsonAsync($"/api/services/{id}/test", new { input_data = new { } })).JsonAsync(HttpStatusCode.OK);
        Assert.IsTrue(test["success"]!.GetValue<bool>(), test.ToJsonString());
        Assert.AreEqual(HeaderSecret, server.RequestsTo("/svc").Single().Header("X-Auth-Token"));
        var export = await (await admin.GetAsync("/api/services/export")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("X-Auth-Token", export);
        Assert.IsEmpty(await TablesHoldingAsync(HeaderSecret));
    }

    /// <summary>Every table of the database, ours and Hangfire's, scanned as text.</summary>
    private static async Task<List<string>> TablesHoldingAsync(string secret)
    {
        // As the superuser: row-level security would hide every tenant row from the service's own role.
        await using var connection = new NpgsqlConnection(TestDatabase.Superuser(TestHost.ConnectionString));
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname IN ('public', 'hangfire')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));

        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var scan = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table} t WHERE t::text LIKE '%' || $1 || '%')", connection);
            scan.Parameters.AddWithValue(secret);
            if ((bool)(await scan.ExecuteScalarAsync())!) holding.Add(table);
        }
        return holding;
    }
}
