using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// The time a .NET process spends compiling code: its runtime's own <c>time-in-jit</c> counter, which it publishes
/// each second through its diagnostics port (the counter dotnet-counters shows). This process reads its own through
/// <see cref="System.Runtime.JitInfo"/>. A process whose JIT has gone quiet under load runs its hot path as final,
/// optimised code; until then a run measures the compiler as much as the code.
/// </summary>
internal sealed class JitWatch : IDisposable
{
    private readonly int _pid;
    private readonly EventPipeSession? _session;
    private readonly TimeSpan _ownAtStart = System.Runtime.JitInfo.GetCompilationTime();
    private readonly ConcurrentQueue<double> _secondsMs = new();

    private JitWatch(int pid)
    {
        _pid = pid;
        if (pid == Environment.ProcessId) return;
        var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, (long)EventKeywords.None,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" });
        try
        {
            _session = new DiagnosticsClient(pid).StartEventPipeSession(provider, requestRundown: false);
            _ = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or TimeoutException)
        {
            // DOTNET_EnableDiagnostics=0 or no diagnostics port: the warm-up sees no JIT here and ends on the others.
            FigureContext.Say($"JIT of process {pid} not readable ({e.GetType().Name}): its warm-up is not watched");
        }
    }

    public static JitWatch Start(int pid) => new(pid);

    /// <summary>
    /// Milliseconds spent compiling since the watch started (a child's: as of its newest counter, up to a second old).
    /// </summary>
    public double TotalMs => _pid == Environment.ProcessId
        ? (System.Runtime.JitInfo.GetCompilationTime() - _ownAtStart).TotalMilliseconds
        : _secondsMs.Sum();

    private void Read()
    {
        try
        {
            using var source = new EventPipeEventSource(_session!.EventStream);
            source.Dynamic.All += e =>
            {
                if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
                    || outer["Payload"] is not IDictionary<string, object> counter || counter["Name"] as string != "time-in-jit") return;
                _secondsMs.Enqueue(Convert.ToDouble(counter["Increment"]));
            };
            source.Process();
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException)
        {
            // the process exited or the session was stopped
        }
    }

    public void Dispose()
    {
        try { _session?.Stop(); }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException) { }
        _session?.Dispose();
    }
}
