using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Operations;

/// <summary>The outbox sweep run once on the shared host, now, rather than on its recurring schedule.</summary>
internal static class OutboxSweep
{
    public static async Task RunOnceAsync()
    {
        await using var scope = TestHost.Factory.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<OutboxSweepJob>(scope.ServiceProvider).RunAsync();
    }
}
