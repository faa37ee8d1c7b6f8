namespace ServiceTasks.Benchmarks.Harness;

/// <summary>The command line: a figure (p1..p6, all), <c>--quick</c>, <c>--connection</c> and <c>--out</c>.</summary>
internal sealed record BenchOptions(IReadOnlyList<string> Figures, bool Quick, string? Connection, string OutputFile, bool NoFsync,
    bool WithoutTerminalNotify = false)
{
    public static readonly string[] AllFigures = ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"];

    public static BenchOptions? Parse(string[] args)
    {
        var figures = new List<string>();
        var quick = false;
        var noFsync = false;
        var withoutTerminalNotify = false;
        string? connection = Environment.GetEnvironmentVariable("SERVICETASKS_BENCH_CONNECTION");
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--no-fsync": noFsync = true; break;
                case "--without-terminal-notify": withoutTerminalNotify = true; break;
                case "--backlog" when i + 1 < args.Length && int.TryParse(args[i + 1], out var backlog) && backlog > 0:
                    ServiceTasks.Benchmarks.Figures.P7Backlog.Backlog = backlog; i++; break;
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--out" when i + 1 < args.Length: output = Path.GetFullPath(args[++i]); break;
                case "all": figures.AddRange(AllFigures); break;
                case var f when AllFigures.Contains(f) || f is "p2poll" or "p7backlog" or "p7history": figures.Add(f); break;
                default: return null;
            }
        }
        if (figures.Count == 0) return null;
        // A quick run never overwrites the last full run's figures.
        output ??= Path.Combine(RepoRoot(), "benchmarks", quick ? "results-quick.json" : "results.json");
        return new BenchOptions(figures.Distinct().ToList(), quick, string.IsNullOrWhiteSpace(connection) ? null : connection, output, noFsync, withoutTerminalNotify);
    }

    public const string Usage = """
        usage: ServiceTasks.Benchmarks (p0|p1|p2|p2poll|p3|p4|p5|p6|p7|p7backlog|p7history|all)... [--quick] [--connection <npgsql connection string>] [--out <file>] [--without-terminal-notify]
          results go to benchmarks/results.json (results-quick.json with --quick) unless --out says otherwise
          p0 database work per task (statements, transactions, round trips), p1 throughput, p2 pickup latency (p2poll: with long polling off, not in all), p3 retry punctuality, p4 enqueue API, p5 log queries, p6 worker memory (runs with p1), p7 backlog and history (p7backlog, p7history: one half)
          --quick       small N: checks that the harness works, not the goals
          --no-fsync    the local cluster without fsync (as the tests run it), to see what durability costs
          --without-terminal-notify  drops the trigger that notifies waiters of finished tasks in each benchmark database
                        (to measure what it costs; the product always has it)
          --backlog N   P7's backlog in full mode (default 2,000; quick mode: 60)
          --connection  a PostgreSQL server to create the benchmark databases on (default: a throwaway local cluster)
        """;

    /// <summary>The checkout's top folder (where ServiceTasks.sln is), else the current folder.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ServiceTasks.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
