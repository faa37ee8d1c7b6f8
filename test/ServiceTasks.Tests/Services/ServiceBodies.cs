using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Services;

/// <summary>Valid service documents to start from, and the few calls every service test makes.</summary>
internal static class ServiceBodies
{
    public const string Endpoint = "https://api.example.com/customers";

    public static string UniqueName(string prefix = "svc") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static JsonObject Real(string? name = null, JsonObject? authentication = null) => new()
    {
        ["service_name"] = name ?? UniqueName("real"),
        ["service_type"] = "REAL",
        ["endpoint_url"] = Endpoint,
        ["authentication"] = authentication,
    };

    public static JsonObject Bearer(string token) => new() { ["type"] = "bearer", ["token"] = token };

    public static JsonObject Mock(string? name = null, string? template = "weather_service_mock") => new()
    {
        ["service_name"] = name ?? UniqueName("mock"),
        ["service_type"] = "MOCK",
        ["mock_template_id"] = template,
    };

    public static async Task<JsonNode> CreateAsync(HttpClient client, JsonObject body) =>
        await (await client.PostAsJsonAsync("/api/services", body)).JsonAsync(HttpStatusCode.Created);

    public static async Task<JsonNode> GetAsync(HttpClient client, string id) =>
        await (await client.GetAsync($"/api/services/{id}")).JsonAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, string patch, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/services/{id}")
        {
            Content = new StringContent(patch, System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>The raw stored row as PostgreSQL returns it, every column as text: what an attacker with the database would see.</summary>
    public static async Task<string> RawRowAsync(Guid id)
    {
        await using var scope = TestHost.DbScope(out var db);
        var rows = await db.Database
            .SqlQuery<string>($"SELECT row_to_json(s)::text AS \"Value\" FROM service_configurations s WHERE id = {id}").ToListAsync();
        var versions = await db.Database
            .SqlQuery<string>($"SELECT snapshot::text AS \"Value\" FROM service_configuration_versions WHERE service_config_id = {id}").ToListAsync();
        return string.Join('\n', rows.Concat(versions));
    }

    public static Guid Id(this JsonNode service) => Guid.Parse(service["id"]!.GetValue<string>());
}
