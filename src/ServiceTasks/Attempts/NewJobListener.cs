using Npgsql;

namespace ServiceTasks.Attempts;

/// <summary>
/// The one LISTEN connection of a worker process: each new-job notification, from any process, lets one idle worker
/// here look at the queue (<see cref="NewJobSignal"/>). While the connection is down workers fall back to the queue
/// poll; once it is back, every worker looks once, for the jobs whose notifications were missed.
/// </summary>
internal sealed class NewJobListener(SignalledJobQueues queues, ILogger<NewJobListener> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queues.Notify) return; // long polling off: the workers poll
        // Held for the life of the process, so out of the pool; TCP keepalives find a silently dead peer.
        var connectionString = new NpgsqlConnectionStringBuilder(queues.ConnectionString)
            { Pooling = false, Enlist = false, TcpKeepAlive = true, TcpKeepAliveTime = 30, TcpKeepAliveInterval = 10 }.ConnectionString;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => queues.Signal.Release();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {NewJobSignal.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                queues.Signal.Release(queues.Signal.Workers);
                if (lost) logger.LogInformation("Listening for new jobs again");
                lost = false;
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) // whatever broke the connection, the workers poll meanwhile and the listener tries again
            {
                if (!lost)
                    logger.LogWarning("Not listening for new jobs ({Error}); workers poll the queue until the database answers again", e.Message);
                lost = true;
            }
            try
            {
                await Task.Delay(Reconnect, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
