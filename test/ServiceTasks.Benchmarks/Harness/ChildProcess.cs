using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>A .NET program of ours in its own OS process: the product (ServiceTasks.dll) or this benchmark in a role.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Keep(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Keep(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }
    public int Id => _process.Id;
    public IEnumerable<string> Lines => _lines;

    /// <summary>The real product executable with only the given settings; Production environment, its shipped log levels.</summary>
    public static ChildProcess StartProduct(IDictionary<string, string?> environment) =>
        // Content root next to the dll, as the Docker image runs it: appsettings.json (its log levels) must apply.
        Start(Path.Combine(AppContext.BaseDirectory, "ServiceTasks.dll"), [],
            new Dictionary<string, string?>(environment) { ["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory });

    /// <summary>This benchmark executable again, in a role such as <c>raw-worker</c>.</summary>
    public static ChildProcess StartSelf(IDictionary<string, string?> environment, params string[] args) =>
        Start(Path.Combine(AppContext.BaseDirectory, "ServiceTasks.Benchmarks.dll"), args, environment);

    private static ChildProcess Start(string dll, string[] args, IDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("servicetasks-bench-proc-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("ASPNETCORE_")
                     || k.StartsWith("Hangfire__") || k.StartsWith("ServiceTasks__")).ToList())
            info.Environment.Remove(name);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        info.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return new ChildProcess(Process.Start(info)!, baseAddress);
    }

    /// <summary>Waits for GET <paramref name="path"/> to answer 200, or for a line when the child serves no HTTP.</summary>
    public async Task WaitReadyAsync(HttpClient client, string path = "/health/ready", int timeoutSeconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) break;
            try
            {
                if ((await client.GetAsync(new Uri(BaseAddress, path))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { } // one slow answer on a loaded machine: ask again until the deadline
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"Child {Id} not ready at {path}. Output:\n{string.Join('\n', _lines.TakeLast(40))}");
    }

    public async Task WaitForLineAsync(string text, int timeoutSeconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Child {Id} never printed '{text}'. Output:\n{string.Join('\n', _lines.TakeLast(40))}");
    }

    /// <summary>
    /// Resident memory (VmRSS, MB) and its parts from /proc/PID/status, or null where there is no /proc: anonymous
    /// (heap, stacks, native buffers), file-backed (the mapped assemblies) and shared (the runtime maps JIT-compiled
    /// code twice through a shared memory file).
    /// </summary>
    public ResidentMemory? Memory()
    {
        try
        {
            var fields = File.ReadLines($"/proc/{Id}/status").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1].Trim());
            double Mb(string name) => fields.TryGetValue(name, out var v) ? double.Parse(v.Split(' ')[0]) / 1024 : double.NaN;
            return fields.ContainsKey("VmRSS") ? new ResidentMemory(Mb("VmRSS"), Mb("RssAnon"), Mb("RssFile"), Mb("RssShmem")) : null;
        }
        catch (IOException) { return null; }
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", Id.ToString()])) await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }

    private void Keep(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > 500) _lines.TryDequeue(out _);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record ResidentMemory(double Resident, double Anonymous, double FileBacked, double Shared);
