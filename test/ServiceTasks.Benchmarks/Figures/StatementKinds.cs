using System.Globalization;
using System.Text.RegularExpressions;
using ServiceTasks.Benchmarks.Harness;

namespace ServiceTasks.Benchmarks.Figures;

/// <summary>P0's table per statement kind: pg_stat_statements' normalised texts sorted into the steps of a task's life.</summary>
internal static partial class StatementKinds
{
    // First match wins; the patterns are matched against the statement text with white space collapsed.
    private static readonly (string Kind, Regex Pattern)[] Kinds =
    [
        ("pool reset (DISCARD ALL)", Rx("^DISCARD ALL")),
        ("pool reset, piecewise (prepared statements kept)", Rx(@"^(UNLISTEN \*|CLOSE ALL|DISCARD (SEQUENCES|TEMP)|SELECT pg_advisory_unlock_all|SET SESSION AUTHORIZATION DEFAULT|RESET ALL)")),
        ("tenant set_config", Rx(@"set_config\(|^SET servicetasks\.")),
        ("BEGIN / COMMIT / ROLLBACK", Rx("^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK)")),
        ("EF savepoint (SAVEPOINT / RELEASE)", Rx("^(SAVEPOINT|RELEASE)")),
        ("NOTIFY new_job", Rx("^NOTIFY")),
        ("enqueue: Hangfire queue row + NOTIFY with the job id (one statement)", Rx(@"^WITH queued AS \(INSERT INTO ""?hangfire""?\.""?jobqueue")),
        ("LISTEN new_job (raw: long polling, per empty fetch)", Rx("^LISTEN")),
        ("auth: API key read / last_used", Rx(@"\bapi_keys\b")),
        ("enqueue: service row FOR SHARE", Rx("FROM service_configurations .*FOR SHARE")),
        ("enqueue: task insert", Rx(@"^INSERT INTO ""?service_tasks")),
        ("attempt: task read + pause flag", Rx(@"^SELECT .*FROM ""?service_tasks")),
        ("attempt: log insert", Rx("service_execution_logs")),
        ("attempt: RUNNING update", Rx(@"^UPDATE ""?service_tasks.* SET status = \$1, attempts")),
        ("attempt: terminal update (settles the callback)", Rx(@"^(WITH .*)?UPDATE ""?service_tasks")),
        ("service / version read", Rx("service_configurations|service_snapshots|service_config_versions")),
        ("callbacks", Rx("callback_deliveries")),
        ("throttling", Rx("throttl|concurrency|rate_limit|circuit")),
        ("enqueue: Hangfire job, parameter, queue row", Rx(@"^INSERT INTO ""?hangfire""?\.""?(job|jobparameter|jobqueue)""? ")),
        ("fetch: Hangfire queue (UPDATE … fetchedat; DELETE on success)", Rx(@"""?hangfire""?\.""?jobqueue")),
        ("state changes: Hangfire state insert + job update/read", Rx(@"""?hangfire""?\.""?(state|job)""?( |$)")),
        ("Hangfire job parameter reads (filters)", Rx(@"""?hangfire""?\.""?jobparameter")),
        ("Hangfire counters (stats + statistics history)", Rx(@"""?hangfire""?\.""?(counter|aggregatedcounter)")),
        ("Hangfire distributed locks (state changes)", Rx(@"""?hangfire""?\.""?lock""?")),
        ("Hangfire lists / sets / hashes", Rx(@"""?hangfire""?\.""?(list|set|hash)""?")),
        ("Hangfire servers / heartbeats", Rx(@"""?hangfire""?\.""?server")),
    ];

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.Compiled);

    public static string KindOf(string query)
    {
        var text = WhiteSpace().Replace(query, " ").Trim();
        foreach (var (kind, pattern) in Kinds)
            if (pattern.IsMatch(text)) return kind;
        return "other";
    }

    public static void Print(List<StatementCalls> product, List<StatementCalls> baseline, int tasks)
    {
        if (product.Count == 0 && baseline.Count == 0) return;
        static Dictionary<string, (double Calls, double Ms)> ByKind(List<StatementCalls> calls, int tasks) =>
            calls.GroupBy(c => KindOf(c.Query)).ToDictionary(g => g.Key, g => (g.Sum(c => c.Calls) / (double)tasks, g.Sum(c => c.Ms) / tasks));
        var p = ByKind(product, tasks);
        var b = ByKind(baseline, tasks);
        Console.WriteLine();
        Console.WriteLine("P0 statements per task, by kind (pg_stat_statements calls ÷ tasks), and the server's time executing them " +
                          "per task (µs; without parsing, planning and the protocol, and moving with the machine as counts do not)");
        Console.WriteLine("| kind | raw Hangfire | product | difference | raw µs | product µs |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var kind in p.Keys.Union(b.Keys).OrderByDescending(k => p.GetValueOrDefault(k).Calls + b.GetValueOrDefault(k).Calls))
        {
            var (pk, bk) = (p.GetValueOrDefault(kind), b.GetValueOrDefault(kind));
            Console.WriteLine($"| {kind} | {N(bk.Calls)} | {N(pk.Calls)} | {N(pk.Calls - bk.Calls)} | {Us(bk.Ms)} | {Us(pk.Ms)} |");
        }
        Console.WriteLine($"| **all** | {N(b.Values.Sum(v => v.Calls))} | {N(p.Values.Sum(v => v.Calls))} | " +
                          $"{N(p.Values.Sum(v => v.Calls) - b.Values.Sum(v => v.Calls))} | {Us(b.Values.Sum(v => v.Ms))} | {Us(p.Values.Sum(v => v.Ms))} |");
        Top("product", product, tasks);
        Top("raw Hangfire", baseline, tasks);
        Console.WriteLine();
    }

    private static void Top(string side, List<StatementCalls> calls, int tasks)
    {
        Console.WriteLine($"P0 {side}: statements with at least 0.01 calls per task");
        foreach (var (query, count, ms) in calls.Where(c => c.Calls >= tasks / 100.0))
        {
            var text = WhiteSpace().Replace(query, " ").Trim();
            Console.WriteLine($"  {N(count / (double)tasks),6} {Us(ms / tasks),5} µs  [{KindOf(query)}] {(text.Length > 160 ? text[..160] + "…" : text)}");
        }
    }

    private static string N(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string Us(double ms) => (ms * 1000).ToString("F0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
