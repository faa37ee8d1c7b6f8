namespace ServiceTasks.Benchmarks.Harness;

/// <summary>Samples a child's resident memory every 100 ms while a run lasts; the peak is what P6 reports.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _peak;

    /// <summary>The parts of the peak sample.</summary>
    public ResidentMemory? AtPeak { get; private set; }

    public RssSampler(ChildProcess process)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (process.Memory() is { } memory && memory.Resident > _peak) (_peak, AtPeak) = (memory.Resident, memory);
                try { await Task.Delay(100, _stop.Token); }
                catch (OperationCanceledException) { }
            }
        });
    }

    public async Task<double> PeakAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return _peak;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
