using System.Net;
using System.Net.Sockets;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// A loopback TCP relay in front of PostgreSQL that counts round trips: on each connection, every time the client
/// speaks after the server has answered starts a new one (the connection's first message counts too). PostgreSQL has
/// no counter of its own for this; statements pipelined in one write (a batch, a reset prepended to a query) are one.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _roundTrips;
    private long _connections;

    public CountingProxy(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public long RoundTrips => Interlocked.Read(ref _roundTrips);
    public long Connections => Interlocked.Read(ref _connections);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        Interlocked.Increment(ref _connections);
        using var _ = client;
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
            var serverSpoke = 1; // the connection's first message is a round trip of its own
            var up = PumpAsync(client.GetStream(), server.GetStream(), () =>
            {
                if (Interlocked.Exchange(ref serverSpoke, 0) == 1) Interlocked.Increment(ref _roundTrips);
            });
            var down = PumpAsync(server.GetStream(), client.GetStream(), () => Volatile.Write(ref serverSpoke, 1));
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Action onData)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                onData();
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            from.Socket.Close();
            to.Socket.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
