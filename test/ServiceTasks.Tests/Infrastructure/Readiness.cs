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

    public static Task WaitReadyAsync(HttpClient client, int timeoutSeconds = 60) =>
        Eventually.WaitAsync(() => StatusAsync(client, "/health/ready"), s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(timeoutSeconds), "/health/ready to answer 200");
}
