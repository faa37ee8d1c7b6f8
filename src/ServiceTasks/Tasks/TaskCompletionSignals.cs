namespace ServiceTasks.Tasks;

/// <summary>
/// The clients of this process that wait for a task to finish, by task id. Waiting costs a small object, no thread and
/// no database connection: one <see cref="TaskCompletionListener"/> per process hears every terminal move and wakes
/// the task's waiters, which then read the row again themselves.
/// </summary>
internal sealed class TaskCompletionSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Signal> _waiting = [];
    private readonly TaskCompletionSource _wanted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first subscription, so a process nobody waits on never opens a listening connection.</summary>
    public Task Wanted => _wanted.Task;

    public int WaitingTasks
    {
        get { lock (_gate) return _waiting.Count; }
    }

    /// <summary>Subscribe before reading the row, so a move committed in between still wakes the waiter.</summary>
    public Subscription Subscribe(Guid taskId)
    {
        _wanted.TrySetResult();
        lock (_gate)
        {
            if (!_waiting.TryGetValue(taskId, out var signal)) _waiting[taskId] = signal = new Signal();
            signal.Waiters++;
            return new Subscription(this, taskId, signal);
        }
    }

    /// <summary>The task reached a terminal status (or may have: see <see cref="WakeAll"/>).</summary>
    public void Wake(Guid taskId)
    {
        Signal? signal;
        lock (_gate)
            if (_waiting.Remove(taskId, out signal) is false) return;
        signal!.Fired.TrySetResult();
    }

    /// <summary>After the listener (re)connects: notifications may have been missed, so every waiter reads again.</summary>
    public void WakeAll()
    {
        Signal[] all;
        lock (_gate)
        {
            all = [.. _waiting.Values];
            _waiting.Clear();
        }
        foreach (var signal in all) signal.Fired.TrySetResult();
    }

    private void Leave(Guid taskId, Signal signal)
    {
        lock (_gate)
            if (--signal.Waiters == 0 && _waiting.TryGetValue(taskId, out var current) && current == signal) _waiting.Remove(taskId);
    }

    internal sealed class Signal
    {
        public readonly TaskCompletionSource Fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Waiters;
    }

    internal sealed class Subscription(TaskCompletionSignals owner, Guid taskId, Signal signal) : IDisposable
    {
        private bool _left;

        /// <summary>True when woken, false when <paramref name="timeout"/> ran out first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await signal.Fired.Task.WaitAsync(timeout, cancellationToken);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (_left) return;
            _left = true;
            owner.Leave(taskId, signal);
        }
    }
}
