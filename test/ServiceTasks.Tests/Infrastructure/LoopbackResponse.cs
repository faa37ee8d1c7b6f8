using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>What a <see cref="LoopbackServer"/> answers: a status, headers, a body (text, JSON or a large stream), a delay.</summary>
internal sealed record LoopbackResponse(int Status = 200)
{
    public string? Body { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Waits this long before answering (the wait ends when the client goes away).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>A body of this many bytes of 'x', streamed in chunks instead of <see cref="Body"/>.</summary>
    public long? StreamedBytes { get; init; }

    public static LoopbackResponse Json(object value, int status = 200) =>
        new(status) { Body = JsonSerializer.Serialize(value), ContentType = "application/json" };

    public static LoopbackResponse RawJson(string json, int status = 200) => new(status) { Body = json, ContentType = "application/json" };

    public static LoopbackResponse Text(string text, int status = 200) => new(status) { Body = text, ContentType = "text/plain; charset=utf-8" };

    public static LoopbackResponse Redirect(string location, int status = 302) =>
        new(status) { Headers = new Dictionary<string, string> { ["Location"] = location } };

    public LoopbackResponse WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };

    internal async Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        foreach (var (name, value) in Headers) http.Response.Headers[name] = value;
        if (ContentType is not null) http.Response.ContentType = ContentType;
        try
        {
            if (StreamedBytes is { } total)
            {
                var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                for (long sent = 0; sent < total; sent += chunk.Length)
                    await http.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, total - sent)), http.RequestAborted);
            }
            else if (Body is not null)
            {
                await http.Response.WriteAsync(Body, http.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading (a capped body) or gave up (a timeout): expected.
        }
    }
}
