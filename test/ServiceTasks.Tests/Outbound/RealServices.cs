using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Outbound;

/// <summary>Builds REAL configurations and calls the client directly, as the attempt job does.</summary>
internal static class RealServices
{
    public static SecretProtector Protector => TestHost.Factory.Services.GetRequiredService<SecretProtector>();

    /// <summary>The host's client: private networks allowed, as in the test host's settings.</summary>
    public static RealServiceClient Client => TestHost.Factory.Services.GetRequiredService<RealServiceClient>();

    /// <summary>The run's shared loopback server: every test here answers on a <see cref="UniquePath"/> of its own.</summary>
    public static LoopbackServer Server => LoopbackServer.Shared;

    public static string Encrypt(string secret) => Protector.Protect(secret);

    public static ServiceConfiguration Service(string url, string method = "POST", AuthenticationSettings? auth = null,
        Dictionary<string, string>? headers = null, int timeoutSeconds = 30, bool sendIdempotencyKey = true) => new()
    {
        Id = Guid.NewGuid(),
        ServiceName = "real-" + Guid.NewGuid().ToString("N"),
        ServiceType = ServiceTypes.Real,
        EndpointUrl = url,
        HttpMethod = method,
        Authentication = auth,
        Headers = headers,
        TimeoutSeconds = timeoutSeconds,
        SendIdempotencyKey = sendIdempotencyKey,
        CreatedBy = "test",
    };

    public static Task<AttemptResult> InvokeAsync(ServiceConfiguration service, string? inputJson = null, Guid? taskId = null,
        RealServiceClient? client = null, CancellationToken cancellationToken = default) =>
        (client ?? Client).InvokeAsync(
            new AttemptRequest(taskId ?? Guid.NewGuid(), 0, service, inputJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(inputJson)),
            cancellationToken);

    /// <summary>A path no other test answers on, so the tests of a class can share one server.</summary>
    public static string UniquePath() => "/" + Guid.NewGuid().ToString("N");

    /// <summary>Calls a fresh path of <paramref name="server"/> that answers with <paramref name="responses"/> in turn.</summary>
    public static async Task<AttemptResult> CallAsync(LoopbackServer server, params LoopbackResponse[] responses)
    {
        var path = UniquePath();
        server.Reply(path, responses);
        return await InvokeAsync(Service(server.Url(path)), "{}");
    }
}
