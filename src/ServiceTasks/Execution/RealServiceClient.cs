using ServiceTasks.Logs;

namespace ServiceTasks.Execution;

// PLACEHOLDER until the real-client branch lands; replaced wholesale by that branch's file.
public sealed class RealServiceClient
{
    public Task<AttemptResult> InvokeAsync(AttemptRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new AttemptResult { Status = ExecutionStatus.Failed, ErrorMessage = "REAL services are not wired yet." });
}
