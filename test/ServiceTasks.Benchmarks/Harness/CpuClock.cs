using System.Diagnostics;
using Npgsql;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>
/// CPU time (user + system) spent during a run by named processes and by the PostgreSQL backends serving the figure's
/// database, per task: what a run costs the machine, which moves far less with the load than a rate does. Backends
/// are read from pg_stat_activity at both ends (pooled connections live through a run); one that exits in between
/// loses its share, so the PostgreSQL figure is a floor. This process's own time includes the harness's polling.
/// </summary>
internal sealed class CpuClock
{
    private readonly string _connectionString;
    private readonly (string Name, int Pid)[] _processes;
    private readonly Dictionary<int, TimeSpan> _start;

    private CpuClock(string connectionString, (string, int)[] processes, Dictionary<int, TimeSpan> start)
    {
        (_connectionString, _processes, _start) = (connectionString, processes, start);
    }

    /// <summary><paramref name="connectionString"/>: the figure's database as the superuser (it sees every backend's pid).</summary>
    public static async Task<CpuClock> StartAsync(string connectionString, params (string Name, int Pid)[] processes)
    {
        var start = new Dictionary<int, TimeSpan>();
        foreach (var pid in processes.Select(p => p.Pid).Concat(await BackendsAsync(connectionString))) start[pid] = Cpu(pid) ?? TimeSpan.Zero;
        return new CpuClock(connectionString, processes, start);
    }

    /// <summary>Milliseconds of CPU per task, by process name, and "PostgreSQL" for the backends.</summary>
    public async Task<Dictionary<string, double>> PerTaskMsAsync(int tasks)
    {
        var spent = new Dictionary<string, double>();
        foreach (var (name, pid) in _processes) spent[name] = Spent(pid) / tasks;
        spent["PostgreSQL"] = (await BackendsAsync(_connectionString)).Sum(Spent) / tasks;
        return spent;
    }

    private double Spent(int pid) => Cpu(pid) is { } now ? (now - _start.GetValueOrDefault(pid)).TotalMilliseconds : 0;

    private static TimeSpan? Cpu(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null; // exited
        }
    }

    private static async Task<List<int>> BackendsAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        return await Sql.ReadAsync(connectionString,
            $"SELECT pid FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()", r => r.GetInt32(0));
    }
}
