using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

/// <summary>
/// A cached client-credentials token serves only the app and the exact credentials that obtained it: another app
/// (or a wrong secret) naming the same token_url and client_id goes to the token endpoint with its own secret.
/// </summary>
[TestClass]
public sealed class OAuthTokenIsolationTests
{
    /// <summary>One token endpoint knowing two secrets of one client id (answering 401 to any other), and a downstream API.</summary>
    private sealed record Endpoints(string TokenPath, string ApiPath, string ClientId)
    {
        public static Endpoints Start()
        {
            var endpoints = new Endpoints("/token-" + Guid.NewGuid().ToString("N"), "/api-" + Guid.NewGuid().ToString("N"), "shared-client");
            Server.Handle(endpoints.TokenPath, (request, _) => QueryHelpers.ParseQuery(request.Body)["client_secret"].ToString() switch
            {
                "secret-of-a" => LoopbackResponse.Json(new { access_token = "token-of-a", expires_in = 3600 }),
                "secret-of-b" => LoopbackResponse.Json(new { access_token = "token-of-b", expires_in = 3600 }),
                _ => LoopbackResponse.Json(new { error = "invalid_client" }, 401),
            });
            Server.Handle(endpoints.ApiPath, (request, _) => LoopbackResponse.Json(new { seen = request.Header("Authorization") }));
            return endpoints;
        }

        public Task<ServiceConfiguration> ServiceAsync(TestApp app, string secret) => TestServices.CreateAsync(app, s =>
        {
            s.ServiceType = ServiceTypes.Real;
            s.MockDefinition = null;
            s.EndpointUrl = Server.Url(ApiPath);
            s.HttpMethod = "POST";
            s.MaxRetries = 0;
            s.Authentication = new AuthenticationSettings
            {
                Type = "oauth2_client_credentials", TokenUrl = Server.Url(TokenPath), ClientId = ClientId, ClientSecret = Encrypt(secret),
            };
        });

        public string[] SecretsSentToTokenEndpoint() =>
            Server.RequestsTo(TokenPath).Select(r => QueryHelpers.ParseQuery(r.Body)["client_secret"].ToString()).ToArray();

        public string?[] TokensSeenDownstream() => Server.RequestsTo(ApiPath).Select(r => r.Header("Authorization")).ToArray();
    }

    private sealed record Arranged(Endpoints Endpoints, TestApp AppA, TestApp AppB,
        ServiceConfiguration ServiceA, ServiceConfiguration ServiceB, ServiceConfiguration ServiceWrong);

    /// <summary>Two apps naming the same token endpoint and client id: a service with each app's secret, and one of B's with a wrong secret.</summary>
    private static async Task<Arranged> SameClientInTwoAppsAsync()
    {
        var endpoints = Endpoints.Start();
        var appA = await TestHost.CreateAppAsync();
        var appB = await TestHost.CreateAppAsync();
        return new Arranged(endpoints, appA, appB, await endpoints.ServiceAsync(appA, "secret-of-a"),
            await endpoints.ServiceAsync(appB, "secret-of-b"), await endpoints.ServiceAsync(appB, "not-the-secret"));
    }

    [TestMethod]
    public async Task Task_OfAnotherAppWithTheSameClientId_FetchesItsOwnToken_AndAWrongSecretFails()
    {
        var (endpoints, appA, appB, serviceA, serviceB, serviceWrong) = await SameClientInTwoAppsAsync();
        using var engineA = appA.Engine();
        using var engineB = appB.Engine();

        await TestServices.WaitForStatusAsync(engineA, await TestServices.EnqueueAsync(engineA, serviceA.Id), "COMPLETED");
        await TestServices.WaitForStatusAsync(engineB, await TestServices.EnqueueAsync(engineB, serviceB.Id), "COMPLETED");
        var wrong = await TestServices.WaitForStatusAsync(engineB, await TestServices.EnqueueAsync(engineB, serviceWrong.Id), "FAILED");

        CollectionAssert.AreEqual(new[] { "secret-of-a", "secret-of-b", "not-the-secret" }, endpoints.SecretsSentToTokenEndpoint());
        CollectionAssert.AreEqual(new[] { "Bearer token-of-a", "Bearer token-of-b" }, endpoints.TokensSeenDownstream());
        StringAssert.Contains(wrong["error_message"]!.GetValue<string>(), "HTTP 401");
    }

    [TestMethod]
    public async Task TestEndpoint_OfAnotherAppWithTheSameClientId_FetchesItsOwnToken_AndAWrongSecretFails()
    {
        var (endpoints, appA, appB, serviceA, serviceB, serviceWrong) = await SameClientInTwoAppsAsync();
        using var adminA = appA.Admin();
        using var adminB = appB.Admin();

        var a = await (await adminA.PostAsJsonAsync($"/api/services/{serviceA.Id}/test", new { input_data = new { } })).JsonAsync(HttpStatusCode.OK);
        var b = await (await adminB.PostAsJsonAsync($"/api/services/{serviceB.Id}/test", new { input_data = new { } })).JsonAsync(HttpStatusCode.OK);
        var w = await (await adminB.PostAsJsonAsync($"/api/services/{serviceWrong.Id}/test", new { input_data = new { } })).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual("Bearer token-of-a", a["data"]!["seen"]!.GetValue<string>());
        Assert.AreEqual("Bearer token-of-b", b["data"]!["seen"]!.GetValue<string>());
        Assert.IsFalse(w["success"]!.GetValue<bool>());
        StringAssert.Contains(w["error_message"]!.GetValue<string>(), "HTTP 401");
        CollectionAssert.AreEqual(new[] { "secret-of-a", "secret-of-b", "not-the-secret" }, endpoints.SecretsSentToTokenEndpoint());
        CollectionAssert.AreEqual(new[] { "Bearer token-of-a", "Bearer token-of-b" }, endpoints.TokensSeenDownstream());
    }
}
