using System.Diagnostics;
using System.Runtime.InteropServices;
using ServiceTasks.Benchmarks.Figures;
using ServiceTasks.Benchmarks.Harness;

if (args is ["--role", "raw-worker", ..]) return await RawWorkerRole.RunAsync(args);

// The raw baseline's client is Hangfire's synchronous one, called from 16 load loops while the counting relay and the
// polls need pool threads too: without a floor the pool adds a thread every half second and the baseline's client
// crawls (P0's paced raw enqueue once reached 4 jobs/s of the 83/s asked for).
ThreadPool.SetMinThreads(64, 64);

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var figures = new Dictionary<string, Func<FigureContext, Task>>
{
    ["p0"] = P0Work.RunAsync,
    ["p1"] = P1Throughput.RunAsync, // P6 is measured during P1
    ["p2"] = P2Pickup.RunAsync,
    ["p2poll"] = P2Pickup.PollingAsync, // not in "all": P2 with long polling off, for comparison
    ["p3"] = P3Retry.RunAsync,
    ["p4"] = P4Enqueue.RunAsync,
    ["p5"] = P5Logs.RunAsync,
    ["p7"] = P7Growth.RunAsync,
    ["p7backlog"] = P7Growth.BacklogAsync,
    ["p7history"] = P7Growth.HistoryAsync,
};
ProductDeployment.WithoutTerminalNotify = options.WithoutTerminalNotify;
var toRun = options.Figures.Select(f => f == "p6" ? "p1" : f).Distinct().ToList();

var clock = Stopwatch.StartNew();
var results = new ResultSet();
await using var cluster = await Cluster.StartAsync(options.Connection, durable: !options.NoFsync);
var machine = new
{
    cores = Environment.ProcessorCount,
    cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() : null,
    os = RuntimeInformation.OSDescription,
    dotnet = RuntimeInformation.FrameworkDescription,
    postgres = await cluster.ServerVersionAsync(),
    database = cluster.Description,
    quick = options.Quick,
};
if (options.WithoutTerminalNotify) FigureContext.Say("Without the terminal-move NOTIFY trigger in the benchmark databases");
FigureContext.Say($"{machine.cores} cores, {machine.cpu}, {machine.dotnet}, PostgreSQL {machine.postgres} ({machine.database}){(options.Quick ? ", quick" : "")}");

await using var shared = new SharedDeployments(cluster);
var failed = false;
foreach (var figure in toRun)
{
    // A quick run checks that the harness works. A figure that fails there is run once more, on fresh databases and
    // processes, before it fails the run: Hangfire.PostgreSql's long polling (the raw baseline's) can strand a fetched
    // job in a worker whose listener never stops (docs/benchmarks.md), and one stranded job must not fail CI.
    for (var attempt = 1; ; attempt++)
    {
        FigureContext.Say($"{figure.ToUpperInvariant()} starts{(attempt > 1 ? ", again" : "")}");
        var before = results.All.Count;
        try
        {
            await figures[figure](new FigureContext(cluster, options.Quick, results, shared));
            break;
        }
        catch (Exception e)
        {
            results.TrimTo(before);
            await shared.DisposeAsync(); // the retry, and the figures after it, get fresh shared deployments
            Console.Error.WriteLine($"{figure.ToUpperInvariant()} failed: {e}");
            if (!options.Quick || attempt == 2)
            {
                failed = true;
                break;
            }
        }
    }
}

Console.WriteLine();
Console.WriteLine(Report.Table(results.All));
await Report.WriteJsonAsync(options.OutputFile, results.All, machine);
Console.WriteLine($"Benchmarks {(failed ? "FAILED" : "done")} in {clock.Elapsed.TotalSeconds:F0} s; results in {options.OutputFile}");
return failed ? 1 : 0;
