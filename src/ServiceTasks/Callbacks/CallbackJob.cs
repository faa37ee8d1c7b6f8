using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Flurl.Http;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ServiceTasks.Callbacks;

/// <summary>
/// Delivers a terminal task's completion callback (docs/api.md, "Completion callbacks"): one signed POST per run, each recorded as a
/// <see cref="CallbackDelivery"/>. A failed one (non-2xx, timeout, network error, or one that can never succeed) is
/// recorded and then thrown; <see cref="CallbackRetryAttribute"/> schedules the next unless it can never succeed.
/// </summary>
internal sealed class CallbackJob(
    IServiceScopeFactory scopes, GuardedHttpClient http, SecretProtector protector, IOptions<CallbacksOptions> options,
    ILogger<CallbackJob> logger)
{
    /// <summary>
    /// The callbacks' own queue, which every worker takes before the attempts' (docs/execution.md, "Callbacks first").
    /// Hangfire.PostgreSql fetches waiting jobs by queue name, so this name must sort before "default". The
    /// <see cref="QueueAttribute"/> keeps every enqueue of the job here: retries, requeues, the sweep's repairs.
    /// </summary>
    public const string Queue = "callbacks";

    /// <summary>Starts the callback sequence of the outcome a task reached at <paramref name="completedAt"/>. Returns the Hangfire job id.</summary>
    public static string Enqueue(IBackgroundJobClient jobs, Guid taskId, DateTimeOffset completedAt)
    {
        var deliveryId = Guid.NewGuid();
        return jobs.Enqueue<CallbackJob>(job => job.DeliverOutcomeAsync(taskId, deliveryId, completedAt, null));
    }

    /// <summary>A sequence bound to no outcome (as jobs were enqueued before outcomes were bound): whatever outcome the task shows.</summary>
    public static string Enqueue(IBackgroundJobClient jobs, Guid taskId)
    {
        var deliveryId = Guid.NewGuid();
        return jobs.Enqueue<CallbackJob>(job => job.DeliverAsync(taskId, deliveryId, null));
    }

    [CallbackRetry]
    [Queue(Queue)]
    [JobDisplayName("Callback of task {0}")]
    public Task DeliverOutcomeAsync(Guid taskId, Guid deliveryId, DateTimeOffset completedAt, PerformContext? context) =>
        DeliverCoreAsync(taskId, deliveryId, completedAt, context);

    [CallbackRetry]
    [Queue(Queue)]
    [JobDisplayName("Callback of task {0}")]
    public Task DeliverAsync(Guid taskId, Guid deliveryId, PerformContext? context) => DeliverCoreAsync(taskId, deliveryId, null, context);

    private async Task DeliverCoreAsync(Guid taskId, Guid deliveryId, DateTimeOffset? outcome, PerformContext? context)
    {
        context?.SetJobParameter(CallbackRetryAttribute.SettingsParameter, options.Value);
        var shutdown = context?.CancellationToken.ShutdownToken ?? CancellationToken.None;

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().UseAllApps();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var task = await db.ServiceTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, shutdown);
        // Gone with its app, retried since, or finished again: a later outcome has (or will have) a sequence of its own.
        if (task is null || !ServiceTaskStatus.IsTerminal(task.Status) || task.CompletedAt is not { } completedAt) return;
        if (outcome is { } announced && announced != completedAt) return;
        // Only the job that owns the task's callback delivers it: a duplicate from a crash repair stops here.
        if (context is not null && task.CallbackJobId != context.BackgroundJob.Id
            && (task.CallbackJobId is not null || !await CompletionCallbacks.ClaimAsync(db, taskId, context.BackgroundJob.Id, completedAt)))
            return;
        if (await db.CallbackDeliveries.AnyAsync(d => d.DeliveryId == deliveryId && d.Succeeded, shutdown)) return;
        var app = await db.Apps.AsNoTracking().SingleAsync(a => a.AppUuid == task.AppUuid, shutdown);
        var url = task.CallbackUrl ?? app.CallbackUrl;
        if (url is null) return;

        var delivery = new CallbackDelivery
        {
            AppUuid = task.AppUuid,
            ServiceTaskId = task.Id,
            DeliveryId = deliveryId,
            Attempt = await db.CallbackDeliveries.CountAsync(d => d.DeliveryId == deliveryId, shutdown) + 1,
            Url = url,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        using var logScope = logger.BeginScope(new Dictionary<string, object>
        {
            ["TaskId"] = task.Id, ["AppUuid"] = task.AppUuid, ["CallbackDelivery"] = deliveryId,
        });
        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        // A span in the task's trace; the POST is its child and carries the traceparent to the engine.
        using (var span = TaskTracing.StartCallback(task, deliveryId))
        {
            try
            {
                delivery.StatusCode = await PostAsync(url, app.CallbackSecret, deliveryId, CallbackPayload.From(task).ToJson(), shutdown);
                delivery.Succeeded = delivery.StatusCode is >= 200 and <= 299;
                if (!delivery.Succeeded) failure = new CallbackDeliveryException($"The receiver answered HTTP {delivery.StatusCode}.");
            }
            catch (Exception e) when (!shutdown.IsCancellationRequested)
            {
                failure = Classify(e, options.Value.TimeoutSeconds);
            }
            TaskTracing.RecordCallback(span, delivery.Attempt, delivery.StatusCode, failure);
        }
        delivery.DurationMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        delivery.Error = failure?.Message is { } message ? message[..Math.Min(message.Length, 2000)] : null;
        db.CallbackDeliveries.Add(delivery);
        await db.SaveChangesAsync(CancellationToken.None);
        ServiceTaskMetrics.CallbackAttempted(failure);

        if (failure is null) return;
        logger.LogWarning("Callback {DeliveryId} of task {TaskId}, attempt {Attempt}, failed: {Error}",
            deliveryId, taskId, delivery.Attempt, delivery.Error);
        throw failure;
    }

    private async Task<int> PostAsync(string url, string storedSecret, Guid deliveryId, string body, CancellationToken shutdown)
    {
        string secret;
        try
        {
            secret = protector.Unprotect(storedSecret);
        }
        catch (CryptographicException)
        {
            throw new CallbackNotDeliverableException("The app's callback secret cannot be decrypted; rotate it.");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CallbackNotDeliverableException($"The callback URL '{url}' is not an absolute http or https URL.");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        var request = http.Request(url).WithSettings(s => s.Redirects.Enabled = false);
        foreach (var (name, value) in CallbackSigner.Headers(secret, deliveryId.ToString(), DateTimeOffset.UtcNow, body))
            request.WithHeader(name, value);
        using var response = await request.SendAsync(HttpMethod.Post, new StringContent(body, Encoding.UTF8, "application/json"),
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return response.StatusCode;
    }

    private static Exception Classify(Exception e, int timeoutSeconds)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is SsrfRefusedException or CallbackNotDeliverableException)
                return inner as CallbackNotDeliverableException ?? new CallbackNotDeliverableException(inner.Message);
        if (e is OperationCanceledException || e.InnerException is OperationCanceledException)
            return new CallbackDeliveryException($"Timed out after {timeoutSeconds} s");
        return new CallbackDeliveryException("Network error: " + e.GetBaseException().Message);
    }
}
