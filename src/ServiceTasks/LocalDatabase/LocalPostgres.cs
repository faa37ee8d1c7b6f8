using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace ServiceTasks.LocalDatabase;

/// <summary>
/// A PostgreSQL cluster of our own in a data folder, for a local start without a connection string and for the
/// tests. Created on first use, reused afterwards, listening on a free loopback port only, stopped by whoever started it.
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    private const string PasswordFile = "servicetasks.password";
    private const string AppPasswordFile = "servicetasks.app.password";

    private readonly string _binDir;
    private readonly string _dataDir;
    private readonly bool _owns;

    private LocalPostgres(string binDir, string dataDir, int port, string password, string appPassword, bool owns)
    {
        _binDir = binDir;
        _dataDir = dataDir;
        Port = port;
        Password = password;
        AppPassword = appPassword;
        _owns = owns;
    }

    public int Port { get; }

    /// <summary>The superuser's (postgres) password: for setting the cluster up, never for the service itself.</summary>
    public string Password { get; }

    /// <summary>The password of <see cref="ApplicationRole.DefaultName"/>, the role the service connects as.</summary>
    public string AppPassword { get; }

    /// <summary>As the postgres superuser, which row-level security does not bind.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database}";

    /// <summary>As the application role: what the service connects with.</summary>
    public string AppConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={ApplicationRole.DefaultName};Password={AppPassword};Database={database}";

    /// <summary>
    /// Creates the application role and the database owned by it, unless they exist, so EF's migrator finds it and
    /// logs no connection error. A database made by an older version (owned by postgres) is handed over to the role.
    /// </summary>
    public async Task EnsureDatabaseAsync(string database)
    {
        await ApplicationRole.EnsureAsync(ConnectionString("postgres"), ApplicationRole.DefaultName, AppPassword);
        await ApplicationRole.EnsureDatabaseAsync(ConnectionString("postgres"), database, ApplicationRole.DefaultName);
    }

    /// <param name="durable">False for throwaway test clusters: fsync off trades crash safety for speed.</param>
    /// <param name="port">A fixed port (a restart that clients must find again); a free one when null.</param>
    public static async Task<LocalPostgres> StartAsync(string binDir, string dataDirectory, bool durable = true, int? port = null)
    {
        var dataDir = Path.GetFullPath(dataDirectory);
        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION"))) await InitAsync(binDir, dataDir);
        var password = (await File.ReadAllTextAsync(Path.Combine(dataDir, PasswordFile))).Trim();
        var appPassword = await AppPasswordAsync(dataDir);

        var pidFile = Path.Combine(dataDir, "postmaster.pid");
        if (File.Exists(pidFile) && await PostgresProcesses.RunAsync(binDir, "pg_ctl", "status", "-D", dataDir) == 0)
        {
            // Already running: a sibling process of ours shares it; an orphan of a killed process is adopted.
            var runningPort = int.Parse(File.ReadLines(pidFile).ElementAt(3));
            var adopt = !PostgresProcesses.OwnerIsAlive(dataDir);
            if (adopt) await PostgresProcesses.WriteOwnerAsync(dataDir);
            return new LocalPostgres(binDir, dataDir, runningPort, password, appPassword, adopt);
        }

        var listenPort = port ?? FreeLoopbackPort();
        var settings = $"-p {listenPort}" + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        var exit = await PostgresProcesses.RunAsync(binDir, "pg_ctl", "start", "-D", dataDir, "-w", "-t", "60",
            "-l", Path.Combine(dataDir, "server.log"), "-o", settings);
        if (exit != 0)
            throw new InvalidOperationException($"PostgreSQL did not start in {dataDir}; see {dataDir}/server.log.");
        await PostgresProcesses.WriteOwnerAsync(dataDir);
        return new LocalPostgres(binDir, dataDir, listenPort, password, appPassword, owns: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_owns) return;
        await PostgresProcesses.RunAsync(_binDir, "pg_ctl", "stop", "-D", _dataDir, "-m", "fast", "-w");
        File.Delete(Path.Combine(_dataDir, PostgresProcesses.OwnerFile));
    }

    private static async Task InitAsync(string binDir, string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        if (PostgresProcesses.IsRoot) await PostgresProcesses.ChownToPostgresAsync(dataDir);

        var password = NewPassword();
        var pwFile = Path.Combine(Path.GetTempPath(), $"servicetasks-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwFile, password);
        try
        {
            if (PostgresProcesses.IsRoot) await PostgresProcesses.ChownToPostgresAsync(pwFile);
            var exit = await PostgresProcesses.RunAsync(binDir, "initdb", "-D", dataDir, "-U", "postgres", "-A", "scram-sha-256",
                $"--pwfile={pwFile}", "-E", "UTF8", "--locale=C", "--no-instructions");
            if (exit != 0) throw new InvalidOperationException($"initdb failed for {dataDir}.");
        }
        finally
        {
            File.Delete(pwFile);
        }

        // TCP on loopback only; no Unix socket, so the data folder's path length never matters.
        await File.AppendAllTextAsync(Path.Combine(dataDir, "postgresql.conf"),
            "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 300\n");
        await File.WriteAllTextAsync(Path.Combine(dataDir, PasswordFile), password);
    }

    /// <summary>The application role's password, kept next to the superuser's; made on first use (also in an older folder).</summary>
    private static async Task<string> AppPasswordAsync(string dataDir)
    {
        var file = Path.Combine(dataDir, AppPasswordFile);
        if (File.Exists(file)) return (await File.ReadAllTextAsync(file)).Trim();
        // Written aside and linked in place: a sibling process starting at the same moment reads whichever landed first.
        var aside = $"{file}.{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(aside, NewPassword());
        try
        {
            File.Move(aside, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(aside);
        }
        return (await File.ReadAllTextAsync(file)).Trim();
    }

    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
