using System.Diagnostics;

namespace ServiceTasks.Attempts;

/// <summary>Runs one attempt with the right client under the service's timeout_seconds.</summary>
internal sealed class ServiceInvoker(MockServiceClient mock, RealServiceClient real)
{
    /// <param name="stopping">
    /// Cancelled when the process shuts down: the attempt is abandoned, its row left RUNNING for the re-run to close as
    /// INTERRUPTED (uncharged).
    /// </param>
    public async Task<AttemptResult> RunAsync(AttemptRequest request, CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(request.Service.TimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        AttemptResult result;
        try
        {
            result = request.Service.ServiceType == ServiceTypes.Mock
                ? await mock.InvokeAsync(request, linked.Token)
                : await real.InvokeAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            result = new AttemptResult
            {
                Status = ExecutionStatus.Timeout, Retryable = true,
                ErrorMessage = $"Timed out after {request.Service.TimeoutSeconds} s.",
            };
        }
        // A shutdown mid-attempt is not the service's failure: hand the task back instead of recording an outcome.
        stopping.ThrowIfCancellationRequested();
        return result with { ExecutionTimeMs = (int)clock.ElapsedMilliseconds };
    }
}
