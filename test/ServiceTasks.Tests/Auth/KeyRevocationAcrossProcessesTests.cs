using System.Net;

namespace ServiceTasks.Tests.Auth;

/// <summary>
/// Each process remembers verified keys for a second; a key revoked through one process must stop working in every
/// other one within that second, and at once in the process that revoked it.
/// </summary>
[TestClass]
public sealed class KeyRevocationAcrossProcessesTests
{
    [TestMethod]
    public async Task RevokedKey_StopsWorkingAtOnceWhereRevoked_AndSoonInAnotherProcess()
    {
        var connectionString = await TestDatabase.CreateAsync("revoke");
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__ServiceTasks"] = connectionString, ["ServiceTasks__Roles"] = "api" };
        await using var first = ServiceProcess.Start(environment);
        using var firstHttp = new HttpClient { BaseAddress = first.BaseAddress };
        await Readiness.WaitReadyAsync(firstHttp); // migrates the database before the second process starts
        await using var second = ServiceProcess.Start(environment);
        using var secondHttp = new HttpClient { BaseAddress = second.BaseAddress };
        await Readiness.WaitReadyAsync(secondHttp);

        var seed = await StandaloneSeed.WriteAsync(connectionString);
        var keysPath = $"/api/apps/{seed.AppUuid}/keys";
        Task<HttpStatusCode> AsEngine(HttpClient http) => StatusAsync(http, HttpMethod.Get, keysPath, seed.EngineKey);

        // An engine key may not list keys: 403 means it authenticated, 401 that it no longer does. Both processes now hold it.
        Assert.AreEqual(HttpStatusCode.Forbidden, await AsEngine(firstHttp));
        Assert.AreEqual(HttpStatusCode.Forbidden, await AsEngine(secondHttp));

        var listed = await (await Send(firstHttp, HttpMethod.Get, keysPath, seed.AdminKey)).JsonAsync(HttpStatusCode.OK);
        var engineKeyId = listed["items"]!.AsArray().Single(k => k!["role"]!.GetValue<string>() == "engine")!["id"]!.GetValue<string>();
        Assert.AreEqual(HttpStatusCode.NoContent, await StatusAsync(firstHttp, HttpMethod.Delete, $"{keysPath}/{engineKeyId}", seed.AdminKey));

        Assert.AreEqual(HttpStatusCode.Unauthorized, await AsEngine(firstHttp), "the revoking process forgets the key at once");
        await Eventually.WaitAsync(() => AsEngine(secondHttp), status => status == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(10), "the other process to refuse the revoked key");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, HttpMethod method, string path, string key)
    {
        using var response = await Send(http, method, path, key);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", key);
        return http.SendAsync(request);
    }
}
