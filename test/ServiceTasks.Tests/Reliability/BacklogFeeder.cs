namespace ServiceTasks.Tests.Reliability;

/// <summary>The engine keeping a backlog: it enqueues whenever fewer than <paramref name="backlog"/> tasks wait to start.</summary>
internal sealed class BacklogFeeder(FaultCluster cluster, Func<int, Guid> serviceFor, int backlog)
{
    private const int Batch = 40;

    /// <summary>Feeds until cancelled; answers how many tasks it enqueued.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var enqueued = 0;
        while (!stop.IsCancellationRequested)
        {
            var waiting = await cluster.CountAsync(q => q.Where(t => t.Status == ServiceTaskStatus.Pending && t.Attempts == 0));
            if (waiting < backlog)
            {
                var count = Math.Min(Batch, backlog - waiting + Batch / 2);
                await cluster.EnqueueAsync(count, serviceFor: serviceFor, first: enqueued);
                enqueued += count;
                continue;
            }
            try { await Task.Delay(200, stop); }
            catch (OperationCanceledException) { break; }
        }
        return enqueued;
    }
}
