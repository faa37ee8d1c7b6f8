using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Infrastructure;

internal static class HttpAssertions
{
    /// <summary>Asserts the status and returns the body as JSON.</summary>
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(expected, response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        return JsonNode.Parse(body) ?? throw new AssertFailedException("Empty JSON body.");
    }

    /// <summary>Asserts a problem-details answer with the status and, when given, an error for the field.</summary>
    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var problem = await response.JsonAsync(expected);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, problem.ToJsonString());
        Assert.AreEqual((int)expected, problem["status"]?.GetValue<int>(), problem.ToJsonString());
        if (field is not null)
            Assert.IsNotNull(problem["errors"]?[field], $"Expected an error for '{field}': {problem.ToJsonString()}");
        return problem;
    }

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string body,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        // As curl does for big bodies: wait for the server's go-ahead, so a 413 arrives before the body is sent
        // instead of as a broken pipe halfway through it.
        request.Headers.ExpectContinue = body.Length > 64 * 1024;
        return client.SendAsync(request);
    }
}
