using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using Npgsql;
using ServiceTasks.Attempts;

namespace ServiceTasks.Tasks;

/// <summary>
/// Hangfire's client on a connection of ours, inside our ambient transaction: the job's rows commit or roll back with
/// the task row, so a new task is never without its job and needs no claim afterwards. Hangfire.PostgreSql joins the
/// ambient TransactionScope when enlistment is on, and it never disposes an existing connection it was given.
/// </summary>
internal sealed class ConnectionBoundJobs(IJobFilterProvider filters, SignalledJobQueues queues, IOptions<HangfireSettings> settings)
{
    private readonly PostgreSqlStorageOptions _options = EnlistingOptions(settings.Value);

    public IBackgroundJobClient On(NpgsqlConnection connection) => new BackgroundJobClient(StorageOn(connection), filters);

    /// <summary>Hangfire's storage on that connection: its reads and write transactions join our transaction.</summary>
    public JobStorage StorageOn(NpgsqlConnection connection) =>
        queues.InstallOn(new PostgreSqlStorage(new ExistingNpgsqlConnectionFactory(connection, _options), _options));

    private static PostgreSqlStorageOptions EnlistingOptions(HangfireSettings settings)
    {
        var options = HangfireExtensions.StorageOptions(settings);
        options.PrepareSchemaIfNecessary = false; // the host's own storage installed the schema at start
        options.EnableTransactionScopeEnlistment = true;
        return options;
    }
}
