namespace ServiceTasks.Execution;

public static class HttpRetryability
{
    /// <summary>SPEC §8.4: any 4xx except 408, 425 and 429 fails at once; 5xx and those three are retried.</summary>
    public static bool IsRetryable(int statusCode) =>
        statusCode is 408 or 425 or 429 || statusCode >= 500 || statusCode < 400;
}
