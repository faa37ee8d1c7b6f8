using System.Text;
using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

[TestClass]
public sealed class RealServiceAuthTests
{
    [TestMethod]
    public async Task ApiKey_DefaultHeader_IsSentAsXApiKey_AndRedacted()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var auth = new AuthenticationSettings { Type = "api_key", ApiKey = Encrypt("key-abc-123") };

        var result = await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        Assert.AreEqual(ExecutionStatus.Success, result.Status, result.ErrorMessage);
        Assert.AreEqual("key-abc-123", Server.RequestsTo(path).Single().Header("X-API-Key"));
        Assert.AreEqual("***", result.RequestData!["headers"]!["X-API-Key"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task ApiKey_NamedHeader_IsSentUnderThatName()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var auth = new AuthenticationSettings { Type = "api_key", ApiKey = Encrypt("key-hdr-456"), HeaderName = "X-Partner-Key" };

        await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        var request = Server.RequestsTo(path).Single();
        Assert.AreEqual("key-hdr-456", request.Header("X-Partner-Key"));
        Assert.IsNull(request.Header("X-API-Key"));
    }

    [TestMethod]
    public async Task ApiKey_QueryParam_IsSentInTheQuery_AndRedactedInTheLoggedUrl()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var auth = new AuthenticationSettings { Type = "api_key", ApiKey = Encrypt("key-query-789"), QueryParam = "apikey" };

        var result = await InvokeAsync(Service(Server.Url(path), "GET", auth), """{"city":"Oslo"}""");

        var request = Server.RequestsTo(path).Single();
        CollectionAssert.AreEqual(new[] { "key-query-789" }, request.Query("apikey").ToArray());
        CollectionAssert.AreEqual(new[] { "Oslo" }, request.Query("city").ToArray());
        var loggedUrl = result.RequestData!["url"]!.GetValue<string>();
        Assert.Contains("apikey=***", loggedUrl);
        Assert.DoesNotContain("key-query-789", result.RequestData.ToJsonString());
    }

    [TestMethod]
    public async Task Bearer_IsSentAsAuthorizationHeader()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var auth = new AuthenticationSettings { Type = "bearer", Token = Encrypt("tok-bearer-1") };

        var result = await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        Assert.AreEqual("Bearer tok-bearer-1", Server.RequestsTo(path).Single().Header("Authorization"));
        Assert.AreEqual("***", result.RequestData!["headers"]!["Authorization"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Basic_IsSentAsBase64UserColonPassword()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var auth = new AuthenticationSettings { Type = "basic", Username = "alice", Password = Encrypt("pw-basic-2") };

        var result = await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        var header = Server.RequestsTo(path).Single().Header("Authorization")!;
        StringAssert.StartsWith(header, "Basic ");
        Assert.AreEqual("alice:pw-basic-2", Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])));
        Assert.DoesNotContain(header["Basic ".Length..], result.RequestData!.ToJsonString());
    }

    [TestMethod]
    public async Task UndecryptableSecret_FailsAtOnce_AsInvalidConfiguration_WithoutCalling()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        var auth = new AuthenticationSettings { Type = "bearer", Token = "not-a-protected-payload" };

        var result = await InvokeAsync(Service(Server.Url(path), auth: auth), "{}");

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.IsFalse(result.Retryable);
        Assert.Contains("Invalid configuration", result.ErrorMessage!);
        Assert.Contains("authentication.token", result.ErrorMessage!);
        Assert.IsEmpty(Server.RequestsTo(path));
    }

    [TestMethod]
    public async Task Secrets_NeverAppearInRequestData_ButPlainCustomHeadersDo()
    {
        var path = UniquePath();
        Server.Reply(path, LoopbackResponse.Json(new { ok = true }));
        // Stored as the services API stores them: credential-named header values encrypted, others plain.
        var headers = new Dictionary<string, string>
        {
            ["X-Auth-Token"] = Encrypt("custom-secret-a"),
            ["X-Client-Secret"] = Encrypt("custom-secret-b"),
            ["X-Api-Key-Extra"] = Encrypt("custom-secret-c"),
            ["X-Tenant"] = "acme",
        };
        var auth = new AuthenticationSettings { Type = "api_key", ApiKey = Encrypt("key-redact-0"), QueryParam = "k" };

        var result = await InvokeAsync(Service(Server.Url(path), "GET", auth, headers), """{"q":"x"}""");

        var logged = result.RequestData!.ToJsonString();
        foreach (var secret in new[] { "key-redact-0", "custom-secret-a", "custom-secret-b", "custom-secret-c" })
            Assert.DoesNotContain(secret, logged);
        Assert.AreEqual("acme", result.RequestData["headers"]!["X-Tenant"]!.GetValue<string>());
        var received = Server.RequestsTo(path).Single();
        Assert.AreEqual("custom-secret-a", received.Header("X-Auth-Token"));
        Assert.AreEqual("acme", received.Header("X-Tenant"));
    }
}
