using System.Text.Json.Nodes;

namespace ServiceTasks.Attempts;

/// <summary>What one attempt produced: the log row's content, the task's output, and what the retry decision needs.</summary>
internal sealed record AttemptResult
{
    /// <summary><see cref="ExecutionStatus"/>: SUCCESS, FAILED or TIMEOUT.</summary>
    public required string Status { get; init; }

    public int? HttpStatusCode { get; init; }

    /// <summary>Method, URL, headers and body as sent, every secret replaced by <c>***</c>.</summary>
    public JsonNode? RequestData { get; init; }

    /// <summary>The parsed JSON body, or <c>{"text": ...}</c>.</summary>
    public JsonNode? ResponseData { get; init; }

    public bool ResponseTruncated { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>False for 4xx other than 408/425/429, invalid configuration, and non-retryable mock scenarios.</summary>
    public bool Retryable { get; init; }

    /// <summary>From a Retry-After on 429 or 503: the least wait before the next attempt.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public int ExecutionTimeMs { get; init; }

    public bool Succeeded => Status == ExecutionStatus.Success;
}
