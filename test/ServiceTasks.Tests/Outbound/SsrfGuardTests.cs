using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.DataProtection;
using static ServiceTasks.Tests.Outbound.RealServices;

namespace ServiceTasks.Tests.Outbound;

[TestClass]
public sealed class SsrfGuardTests
{
    private static LoopbackServer _server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _server = await LoopbackServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await _server.DisposeAsync();

    // A protector of the class's own rather than the host's, so these tests start neither the host nor the database.
    private static readonly SecretProtector OwnProtector = new(new EphemeralDataProtectionProvider());

    /// <summary>A client with the guard on whose socket connect only records: nothing can leave the machine.</summary>
    private static (RealServiceClient Client, ConcurrentQueue<IPEndPoint> Dialled) GuardedClient(params string[] allowedHosts)
    {
        var dialled = new ConcurrentQueue<IPEndPoint>();
        var http = new GuardedHttpClient(new HttpClientOptions { AllowPrivateNetworks = false, AllowedHosts = allowedHosts },
            (endpoint, _) =>
            {
                dialled.Enqueue(endpoint);
                throw new InvalidOperationException("The test connector never dials.");
            });
        return (new RealServiceClient(http, new OAuthTokenCache(http), OwnProtector), dialled);
    }

    [TestMethod]
    [DataRow("127.0.0.1")]
    [DataRow("[::1]")]
    [DataRow("169.254.169.254")]
    [DataRow("localhost")]
    [DataRow("10.1.2.3")]
    [DataRow("[::ffff:127.0.0.1]")]
    public async Task PrivateTarget_IsRefusedBeforeAnyConnection_NonRetryable(string host)
    {
        var (client, dialled) = GuardedClient();

        var result = await InvokeAsync(Service($"http://{host}:{_server.Port}/x"), "{}", client: client);

        Assert.AreEqual(ExecutionStatus.Failed, result.Status);
        Assert.IsFalse(result.Retryable);
        Assert.Contains("refused by the SSRF guard", result.ErrorMessage!);
        Assert.IsEmpty(dialled, "No socket may be opened towards a refused address.");
        Assert.IsEmpty(_server.Requests.Where(r => r.Path == "/x"));
    }

    [TestMethod]
    public async Task OAuthTokenUrl_OnAPrivateAddress_IsRefusedToo()
    {
        var (client, dialled) = GuardedClient();
        var auth = new AuthenticationSettings
        {
            Type = "oauth2_client_credentials", TokenUrl = "http://169.254.169.254/token", ClientId = "c", ClientSecret = OwnProtector.Protect("s"),
        };

        var result = await InvokeAsync(Service("http://169.254.169.254/x", auth: auth), "{}", client: client);

        Assert.Contains("refused by the SSRF guard", result.ErrorMessage!);
        Assert.IsFalse(result.Retryable);
        Assert.IsEmpty(dialled);
    }

    [TestMethod]
    public async Task AllowedHost_LetsLocalhostThrough_WhileTheGuardStaysOn()
    {
        var http = new GuardedHttpClient(new HttpClientOptions { AllowPrivateNetworks = false, AllowedHosts = ["LOCALHOST"] });
        var client = new RealServiceClient(http, new OAuthTokenCache(http), OwnProtector);
        _server.Reply("/allowed", LoopbackResponse.Json(new { ok = true }));

        var allowed = await InvokeAsync(Service($"http://localhost:{_server.Port}/allowed"), "{}", client: client);
        var stillRefused = await InvokeAsync(Service($"http://127.0.0.1:{_server.Port}/allowed"), "{}", client: client);

        Assert.AreEqual(ExecutionStatus.Success, allowed.Status, allowed.ErrorMessage);
        Assert.Contains("refused by the SSRF guard", stillRefused.ErrorMessage!);
        Assert.HasCount(1, _server.RequestsTo("/allowed"));
    }

    [TestMethod]
    [DataRow("0.0.0.0")]
    [DataRow("0.1.2.3")]
    [DataRow("10.0.0.1")]
    [DataRow("100.64.0.1")]
    [DataRow("100.127.255.254")]
    [DataRow("127.0.0.1")]
    [DataRow("127.8.9.10")]
    [DataRow("169.254.169.254")]
    [DataRow("172.16.0.1")]
    [DataRow("172.31.255.255")]
    [DataRow("192.168.1.1")]
    [DataRow("224.0.0.1")]
    [DataRow("::1")]
    [DataRow("::")]
    [DataRow("fe80::1")]
    [DataRow("fc00::1")]
    [DataRow("fd12:3456::1")]
    [DataRow("::ffff:10.0.0.1")]
    [DataRow("64:ff9b::a9fe:a9fe")]
    public void IsBlocked_PrivateLoopbackLinkLocalAndMetadata(string address) =>
        Assert.IsTrue(SsrfGuard.IsBlocked(IPAddress.Parse(address)));

    [TestMethod]
    [DataRow("8.8.8.8")]
    [DataRow("1.1.1.1")]
    [DataRow("100.128.0.1")]
    [DataRow("172.32.0.1")]
    [DataRow("192.169.0.1")]
    [DataRow("2606:4700:4700::1111")]
    [DataRow("::ffff:8.8.8.8")]
    public void IsBlocked_PublicAddresses_AreAllowed(string address) =>
        Assert.IsFalse(SsrfGuard.IsBlocked(IPAddress.Parse(address)));
}
