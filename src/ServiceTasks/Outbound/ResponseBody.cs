using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Outbound;

/// <summary>
/// A response body read up to a cap without buffering the rest: parsed JSON, or <c>{"text": ...}</c>. PostgreSQL
/// stores neither NUL nor a lone UTF-16 surrogate in text or jsonb, so a NUL becomes U+FFFD and JSON holding a lone
/// surrogate is kept as text (docs/execution.md): the body can always be logged.
/// </summary>
internal sealed record ResponseBody(JsonNode? Data, bool Truncated)
{
    public static async Task<ResponseBody> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        // One byte past the cap tells "exactly at the cap" from "cut".
        while (buffer.Length <= maxBytes)
        {
            var wanted = (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length);
            var read = await stream.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0) break;
            buffer.Write(chunk, 0, read);
        }
        var truncated = buffer.Length > maxBytes;
        if (truncated) buffer.SetLength(maxBytes);
        if (buffer.Length == 0) return new ResponseBody(null, false);

        var text = Encoding(response).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return new ResponseBody(truncated ? Text(text) : Parse(text, response.Content.Headers.ContentType?.MediaType), truncated);
    }

    /// <summary>Worth another attempt: the server or the network may do better later. Other 4xx will not.</summary>
    public static bool IsRetryableStatus(int status) => status >= 500 || status is 408 or 425 or 429;

    /// <summary>The least wait a 429 or 503 asks for, as seconds or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if ((int)response.StatusCode is not (429 or 503) || response.Headers.RetryAfter is not { } header) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    private static JsonNode Parse(string text, string? mediaType)
    {
        var looksLikeJson = mediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            || text.TrimStart() is ['{', ..] or ['[', ..];
        if (!looksLikeJson) return Text(text);
        try
        {
            var node = JsonNode.Parse(text);
            if (node is null) return Text(text);
            // Only an escape (\u0000, \ud800) can put what PostgreSQL refuses into parsed JSON.
            return text.Contains("\\u", StringComparison.Ordinal) ? Storable(node) : node;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not JSON, a lone surrogate (unreadable as a string), or names that collide once cleaned: keep the text.
            return Text(text);
        }
    }

    /// <summary>Text PostgreSQL accepts: each NUL replaced by U+FFFD.</summary>
    public static string WithoutNul(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;

    private static JsonNode Storable(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(WithoutNul(p.Key), p.Value is null ? null : Storable(p.Value)))),
        JsonArray a => new JsonArray(a.Select(item => item is null ? null : Storable(item)).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(WithoutNul(v.GetValue<string>())),
        _ => node.DeepClone(),
    };

    private static JsonObject Text(string text) => new() { ["text"] = WithoutNul(text) };

    private static Encoding Encoding(HttpResponseMessage response)
    {
        var charset = response.Content.Headers.ContentType?.CharSet?.Trim('"');
        if (string.IsNullOrEmpty(charset)) return System.Text.Encoding.UTF8;
        try
        {
            return System.Text.Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return System.Text.Encoding.UTF8;
        }
    }
}
