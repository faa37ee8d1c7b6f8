using Hangfire;
using Hangfire.PostgreSql;
using ServiceTasks.Hosting;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>The knobs a figure sets on both sides: the product's Hangfire__* settings and the raw baseline's storage/server options.</summary>
internal sealed record HangfireKnobs(int WorkerCount = 20, bool LongPolling = true, int QueuePollMs = 1000, int SchedulePollMs = 1000)
{
    public string Label => $"long polling {(LongPolling ? "on" : "off")}, queue poll {QueuePollMs} ms";

    public Dictionary<string, string?> ProductEnvironment() => new()
    {
        ["Hangfire__WorkerCount"] = WorkerCount.ToString(),
        ["Hangfire__EnableLongPolling"] = LongPolling ? "true" : "false",
        ["Hangfire__QueuePollIntervalMs"] = QueuePollMs.ToString(),
        ["Hangfire__SchedulePollingIntervalMs"] = SchedulePollMs.ToString(),
    };

    public string[] Arguments() =>
        ["--workers", WorkerCount.ToString(), "--long-polling", LongPolling.ToString(), "--queue-poll-ms", QueuePollMs.ToString(),
            "--schedule-poll-ms", SchedulePollMs.ToString()];

    public static HangfireKnobs FromArguments(string[] args)
    {
        string Value(string name) => args[Array.IndexOf(args, name) + 1];
        return new HangfireKnobs(int.Parse(Value("--workers")), bool.Parse(Value("--long-polling")),
            int.Parse(Value("--queue-poll-ms")), int.Parse(Value("--schedule-poll-ms")));
    }

    /// <summary>The product's own storage options (HangfireExtensions.StorageOptions) for these knobs: same schema, same polling.</summary>
    public PostgreSqlStorageOptions StorageOptions() => HangfireExtensions.StorageOptions(new HangfireSettings
    {
        WorkerCount = WorkerCount, EnableLongPolling = LongPolling, QueuePollIntervalMs = QueuePollMs,
        SchedulePollingIntervalMs = SchedulePollMs,
    });

    /// <summary>Raw Hangfire storage on a database, configured as the product configures its own (serializer, compatibility level).</summary>
    public JobStorage Storage(string connectionString) =>
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), StorageOptions()).Entry;
}
