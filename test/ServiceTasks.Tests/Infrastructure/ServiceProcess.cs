using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>The real executable in a separate OS process, as an operator would run it; for start-up and cross-process tests.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(Process process, Uri? baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri? BaseAddress { get; }
    public IReadOnlyCollection<string> Lines => _lines;
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: the process dies at once, holding whatever it held.</summary>
    public void KillHard() => _process.Kill();

    /// <summary>Starts <c>ServiceTasks</c> with only the given settings (as environment variables) and arguments.</summary>
    public static ServiceProcess Start(IDictionary<string, string?> environment, params string[] args)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("servicetasks-proc-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ServiceTasks.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("ASPNETCORE_")).ToList())
            info.Environment.Remove(name);
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["DataProtection__CertificatePath"] = TestKeyRing.SharedPath;

        Uri? baseAddress = null;
        if (args.Length == 0)
        {
            baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
            info.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        }
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return new ServiceProcess(Process.Start(info)!, baseAddress);
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!cts.IsCancellationRequested)
        {
            var line = _lines.FirstOrDefault(match);
            if (line is not null) return line;
            if (_process.HasExited && _lines.FirstOrDefault(match) is null) break;
            await Task.Delay(50, CancellationToken.None);
        }
        throw new AssertFailedException($"No matching line within {timeout}. Output:\n{string.Join('\n', _lines)}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: the graceful stop a service manager sends.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        await kill.WaitForExitAsync();
        await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { await StopAsync(TimeSpan.FromSeconds(30)); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
