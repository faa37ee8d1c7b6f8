using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceTasks.Tests.Attempts;

/// <summary>
/// Counts EF's ConnectionOpened events (a rent from Npgsql's pool each) raised in one trace: the shared test host runs
/// other tests' work at the same time, so only opens under the measured activity count.
/// </summary>
internal sealed class ConnectionOpens : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ActivityTraceId trace;
    private readonly List<IDisposable> subscriptions = [];
    private readonly IDisposable all;
    private int count;

    public ConnectionOpens(ActivityTraceId trace)
    {
        this.trace = trace;
        all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public int Count => Volatile.Read(ref count);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) lock (subscriptions) subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key == RelationalEventId.ConnectionOpened.Name && Activity.Current?.TraceId == trace) Interlocked.Increment(ref count);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        all.Dispose();
        lock (subscriptions) subscriptions.ForEach(s => s.Dispose());
    }
}
