using System.Diagnostics;

namespace ServiceTasks.LocalDatabase;

/// <summary>Finds the PostgreSQL server binaries: PATH, then <c>pg_config --bindir</c>, then /usr/lib/postgresql/*/bin.</summary>
internal static class PostgresBinaries
{
    public const string MissingMessage =
        "No database: set ConnectionStrings:ServiceTasks (env ConnectionStrings__ServiceTasks), " +
        "or install the PostgreSQL server so a local one can run (Debian: apt-get install postgresql).";

    public static string? Find()
    {
        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServer);
        if (fromPath is not null) return fromPath;

        var fromPgConfig = PgConfigBinDir();
        if (fromPgConfig is not null && HasServer(fromPgConfig)) return fromPgConfig;

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot)) return null;
        return Directory.GetDirectories(debianRoot)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => HasServer(d.Dir))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    private static bool HasServer(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not installed
        }
    }
}
