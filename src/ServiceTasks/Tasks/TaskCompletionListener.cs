using Npgsql;

namespace ServiceTasks.Tasks;

/// <summary>
/// One LISTEN connection per process, opened when the first client waits for a task's result. A trigger on
/// service_tasks notifies <see cref="Channel"/> with the task id whenever a task turns terminal, in the statement that
/// makes it so (migration NotifyTerminalTasks), and this listener wakes that task's waiters. A lost connection is opened
/// again after a short pause; since notifications sent meanwhile are gone, every waiter then reads its task again.
/// </summary>
internal sealed class TaskCompletionListener(
    IConfiguration configuration, TaskCompletionSignals signals, ILogger<TaskCompletionListener> logger) : BackgroundService
{
    public const string Channel = "service_task_terminal";
    public const string ApplicationName = "servicetasks-listener";
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await signals.Wanted.WaitAsync(stoppingToken);
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken, () => pause = FirstPause);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("The task completion listener lost its connection ({Error}); reconnecting in {Pause} ms",
                    e.GetBaseException().Message, (int)pause.TotalMilliseconds);
                signals.WakeAll();
                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken, Action connected)
    {
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(DataExtensions.ConnectionName))
        {
            // Its own connection for the life of the process, outside the pool the requests share; keepalives find a
            // connection that died silently (a restarted server, a dropped route).
            Pooling = false, KeepAlive = 15, ApplicationName = ApplicationName,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            if (Guid.TryParse(e.Payload, out var taskId)) signals.Wake(taskId);
        };
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        connected();
        logger.LogInformation("Listening for finished tasks on channel {Channel}", Channel);
        // A task may have finished before LISTEN took effect: its waiters read it again now.
        signals.WakeAll();
        while (true) await connection.WaitAsync(stoppingToken);
    }
}
