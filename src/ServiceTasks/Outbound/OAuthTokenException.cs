namespace ServiceTasks.Outbound;

/// <summary>A failed token request; its message never carries the request (which holds the client secret).</summary>
internal sealed class OAuthTokenException(string message, bool retryable) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
