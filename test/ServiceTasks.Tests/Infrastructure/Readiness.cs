using System.Net;

namespace ServiceTasks.Tests.Infrastructure;

internal static class Readiness
{
    /// <summary>The status of a GET, or 0 while nothing listens yet.</summary>
    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        try { return (await client.GetAsync(path)).StatusCode; }
        catch (HttpRequestException) { return 0; }
    }

    // Generous: a product process started beside a busy suite on 2 cores was once not listening after 60 s.
    public static Task WaitReadyAsync(HttpClient client, int timeoutSeconds = 120) =>
        Eventually.WaitAsync(() => StatusAsync(client, "/health/ready"), s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(timeoutSeconds), "/health/ready to answer 200");
}
