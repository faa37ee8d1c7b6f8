using Hangfire;
using Hangfire.Server;

namespace ServiceTasks.Tasks;

// PLACEHOLDER until the real-client branch lands; replaced wholesale by that branch's file.
public sealed class CallbackJob
{
    public static string Enqueue(IBackgroundJobClient jobs, Guid taskId) =>
        jobs.Enqueue<CallbackJob>(j => j.DeliverAsync(taskId, Guid.NewGuid(), null));

    public Task DeliverAsync(Guid taskId, Guid deliveryId, PerformContext? context) => Task.CompletedTask;
}
