using Microsoft.AspNetCore.WebUtilities;
using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

[TestClass]
public sealed class RealServiceOAuthTests
{
    /// <summary>A token endpoint on its own path that hands out tok-1, tok-2, ... and a client id unique to the test.</summary>
    private static (string TokenPath, AuthenticationSettings Auth) TokenEndpoint(string clientSecret)
    {
        var tokenPath = "/token-" + Guid.NewGuid().ToString("N");
        Server.Handle(tokenPath, (_, n) => LoopbackResponse.Json(new { access_token = $"tok-{n + 1}", token_type = "Bearer", expires_in = 3600 }));
        var auth = new AuthenticationSettings
        {
            Type = "oauth2_client_credentials",
            TokenUrl = Server.Url(tokenPath),
            ClientId = "client-" + Guid.NewGuid().ToString("N"),
            ClientSecret = Encrypt(clientSecret),
            Scope = "orders:write",
        };
        return (tokenPath, auth);
    }

    [TestMethod]
    public async Task ClientCredentials_FetchesOneToken_ForSeveralCalls_AndSendsIt()
    {
        var (tokenPath, auth) = TokenEndpoint("cs-shared-1");
        var path = "/svc-" + Guid.NewGuid().ToString("N");
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var service = Service(Server.Url(path), auth: auth);

        for (var i = 0; i < 3; i++)
        {
            var result = await InvokeAsync(service, "{}");
            Assert.AreEqual(ExecutionStatus.Success, result.Status, result.ErrorMessage);
            Assert.DoesNotContain("tok-1", result.RequestData!.ToJsonString());
            Assert.DoesNotContain("cs-shared-1", result.RequestData.ToJsonString());
        }
        // Another configuration (a new version, say) with the same client shares the cached token.
        await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        var tokenRequest = Server.RequestsTo(tokenPath).Single();
        Assert.AreEqual("POST", tokenRequest.Method);
        StringAssert.StartsWith(tokenRequest.Header("Content-Type"), "application/x-www-form-urlencoded");
        var form = QueryHelpers.ParseQuery(tokenRequest.Body);
        Assert.AreEqual("client_credentials", form["grant_type"].ToString());
        Assert.AreEqual(auth.ClientId, form["client_id"].ToString());
        Assert.AreEqual("cs-shared-1", form["client_secret"].ToString());
        Assert.AreEqual("orders:write", form["scope"].ToString());
        Assert.IsTrue(Server.RequestsTo(path).All(r => r.Header("Authorization") == "Bearer tok-1"));
        Assert.HasCount(4, Server.RequestsTo(path));
    }

    [TestMethod]
    public async Task ServiceAnswers401_TokenIsRenewedOnce_AndTheCallRetriedOnce()
    {
        var (tokenPath, auth) = TokenEndpoint("cs-renew-2");
        var path = "/svc-" + Guid.NewGuid().ToString("N");
        Server.Handle(path, (request, _) => request.Header("Authorization") == "Bearer tok-2"
            ? LoopbackResponse.Json(new { ok = true })
            : LoopbackResponse.Json(new { error = "token revoked" }, 401));

        var result = await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        Assert.AreEqual(ExecutionStatus.Success, result.Status, result.ErrorMessage);
        Assert.HasCount(2, Server.RequestsTo(tokenPath));
        CollectionAssert.AreEqual(new[] { "Bearer tok-1", "Bearer tok-2" },
            Server.RequestsTo(path).Select(r => r.Header("Authorization")).ToArray());
    }

    [TestMethod]
    public async Task ServiceKeepsAnswering401_FailsNonRetryable_AfterExactlyOneRenewal()
    {
        var (tokenPath, auth) = TokenEndpoint("cs-reject-3");
        var path = "/svc-" + Guid.NewGuid().ToString("N");
        Server.Reply(path, LoopbackResponse.Json(new { error = "nope" }, 401));

        var result = await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.AreEqual(401, result.HttpStatusCode);
        Assert.IsFalse(result.Retryable);
        Assert.HasCount(2, Server.RequestsTo(tokenPath));
        Assert.HasCount(2, Server.RequestsTo(path));
    }

    [TestMethod]
    [DataRow(401, false)]
    [DataRow(503, true)]
    public async Task TokenEndpointFails_AttemptFails_WithoutCallingTheService_AndWithoutTheSecret(int status, bool retryable)
    {
        var tokenPath = "/token-" + Guid.NewGuid().ToString("N");
        Server.Reply(tokenPath, LoopbackResponse.Json(new { error = "invalid_client" }, status));
        var auth = new AuthenticationSettings
        {
            Type = "oauth2_client_credentials", TokenUrl = Server.Url(tokenPath), ClientId = "c-" + Guid.NewGuid().ToString("N"),
            ClientSecret = Encrypt("cs-fail-4"),
        };
        var path = "/svc-" + Guid.NewGuid().ToString("N");

        var result = await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.AreEqual(retryable, result.Retryable);
        Assert.Contains($"HTTP {status}", result.ErrorMessage!);
        Assert.IsNull(Server.RequestsTo(tokenPath).Single().Query("client_secret").FirstOrDefault());
        Assert.IsEmpty(Server.RequestsTo(path));
        Assert.DoesNotContain("cs-fail-4", result.RequestData!.ToJsonString() + result.ErrorMessage);
    }

    [TestMethod]
    public void OAuthClient_ToString_NeverShowsTheSecret()
    {
        var client = new OAuthClient(Guid.NewGuid(), "https://idp.example/token", "cid", "very-secret", null);
        Assert.DoesNotContain("very-secret", client.CacheKey.ToString());
        Assert.DoesNotContain("very-secret", client.ToString());
    }
}
