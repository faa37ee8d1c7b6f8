using System.Diagnostics;

namespace ServiceTasks.LocalDatabase;

/// <summary>
/// The OS processes around a <see cref="LocalPostgres"/> cluster: running PostgreSQL's tools (initdb, pg_ctl), and the
/// owner file that names the process which started the server, so an orphan of a killed process is adopted.
/// </summary>
internal static class PostgresProcesses
{
    public const string OwnerFile = "servicetasks.owner";

    public static readonly bool IsRoot = Environment.UserName == "root";

    public static bool OwnerIsAlive(string dataDir)
    {
        var file = Path.Combine(dataDir, OwnerFile);
        if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file), out var pid)) return false;
        try
        {
            using var owner = Process.GetProcessById(pid);
            return !owner.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static Task WriteOwnerAsync(string dataDir) =>
        File.WriteAllTextAsync(Path.Combine(dataDir, OwnerFile), Environment.ProcessId.ToString());

    public static Task<int> ChownToPostgresAsync(string path) => ExecAsync("chown", "postgres:postgres", path);

    // initdb and postgres refuse to run as root, so as root the server runs as the postgres OS user.
    public static Task<int> RunAsync(string binDir, string tool, params string[] args) =>
        IsRoot
            ? ExecAsync("runuser", ["-u", "postgres", "--", Path.Combine(binDir, tool), .. args])
            : ExecAsync(Path.Combine(binDir, tool), args);

    private static async Task<int> ExecAsync(string fileName, params string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2)));
            if (stderr.IsCompleted) Console.Error.Write(await stderr);
        }
        return process.ExitCode;
    }
}
