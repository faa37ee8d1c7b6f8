using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Flurl.Http;

namespace ServiceTasks.Outbound;

/// <summary>Runs one attempt of a REAL service: one HTTP call (two with an OAuth renewal), classified (retryable or not) for the retry policy.</summary>
internal sealed class RealServiceClient(GuardedHttpClient http, OAuthTokenCache tokens, SecretProtector protector)
{
    /// <summary>
    /// Never throws for a failure of the call itself: timeouts, network errors, HTTP errors, SSRF refusals and invalid
    /// configurations all come back as a result. The call is cut at the service's timeout_seconds, and also when
    /// <paramref name="cancellationToken"/> is cancelled, which is reported as a timeout as well: a caller that must tell
    /// a shutdown apart checks its own shutdown token after the call.
    /// </summary>
    public async Task<AttemptResult> InvokeAsync(AttemptRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        OutboundRequest outbound;
        try
        {
            outbound = OutboundRequest.Build(request, protector);
        }
        catch (InvalidServiceConfigurationException e)
        {
            return Failed(null, "Invalid configuration: " + e.Message, retryable: false, started);
        }

        var timeoutSeconds = request.Service.TimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            using var response = await SendAsync(outbound, timeout.Token);
            var status = response.StatusCode;
            var body = await ResponseBody.ReadAsync(response.ResponseMessage, http.Options.MaxResponseBytes, timeout.Token);
            var succeeded = status is >= 200 and <= 299;
            return new AttemptResult
            {
                Status = succeeded ? ExecutionStatus.Success : ExecutionStatus.Failed,
                HttpStatusCode = status,
                RequestData = outbound.ToRequestData(),
                ResponseData = body.Data,
                ResponseTruncated = body.Truncated,
                ErrorMessage = succeeded ? null : ErrorFor(response.ResponseMessage),
                Retryable = !succeeded && ResponseBody.IsRetryableStatus(status),
                RetryAfter = succeeded ? null : ResponseBody.RetryAfter(response.ResponseMessage, DateTimeOffset.UtcNow),
                ExecutionTimeMs = ElapsedMs(started),
            };
        }
        catch (Exception) when (timeout.IsCancellationRequested)
        {
            return new AttemptResult
            {
                Status = ExecutionStatus.Timeout,
                RequestData = outbound.ToRequestData(),
                ErrorMessage = $"Timed out after {timeoutSeconds} s",
                Retryable = true,
                ExecutionTimeMs = ElapsedMs(started),
            };
        }
        catch (Exception e) when (Find<SsrfRefusedException>(e) is { } refused)
        {
            return Failed(outbound, refused.Message, retryable: false, started);
        }
        catch (OAuthTokenException e)
        {
            return Failed(outbound, e.Message, e.Retryable, started);
        }
        catch (Exception e) when (e is FlurlHttpException or HttpRequestException or IOException or SocketException)
        {
            return Failed(outbound, outbound.Scrub("Network error: " + Innermost(e).Message), retryable: true, started);
        }
    }

    private async Task<IFlurlResponse> SendAsync(OutboundRequest outbound, CancellationToken cancellationToken)
    {
        if (outbound.OAuth is not { } oauth) return await SendOnceAsync(outbound, null, cancellationToken);

        var token = await tokens.GetAsync(oauth, cancellationToken);
        var response = await SendOnceAsync(outbound, token, cancellationToken);
        if (response.StatusCode != 401) return response;

        // The token may have been revoked before its expiry: renew it and try once more, never in a loop.
        response.Dispose();
        tokens.Invalidate(oauth, token);
        token = await tokens.GetAsync(oauth, cancellationToken);
        return await SendOnceAsync(outbound, token, cancellationToken);
    }

    private Task<IFlurlResponse> SendOnceAsync(OutboundRequest outbound, string? bearer, CancellationToken cancellationToken)
    {
        var request = http.Request(outbound.Url);
        foreach (var (name, value) in outbound.Headers) request.WithHeader(name, value);
        if (bearer is not null) request.WithHeader("Authorization", "Bearer " + bearer);
        var content = outbound.Body is null ? null : new StringContent(outbound.Body, Encoding.UTF8, "application/json");
        return request.SendAsync(outbound.Method, content, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static string ErrorFor(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var error = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        return status is >= 300 and <= 399 ? $"{error} (redirects are followed up to {GuardedHttpClient.MaxRedirects})" : error;
    }

    private static AttemptResult Failed(OutboundRequest? outbound, string error, bool retryable, long started) => new()
    {
        Status = ExecutionStatus.Failed,
        RequestData = outbound?.ToRequestData(),
        ErrorMessage = error,
        Retryable = retryable,
        ExecutionTimeMs = ElapsedMs(started),
    };

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static int ElapsedMs(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
