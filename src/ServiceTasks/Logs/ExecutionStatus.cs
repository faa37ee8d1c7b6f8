namespace ServiceTasks.Logs;

/// <summary>
/// The status of one attempt's log row. A row is written RUNNING when the attempt starts and finished with the
/// outcome; a row still RUNNING when the task's job runs again belonged to a run that stopped (a killed worker), and
/// that run closes it as INTERRUPTED (docs/execution.md).
/// </summary>
internal static class ExecutionStatus
{
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    public const string Timeout = "TIMEOUT";
    public const string Running = "RUNNING";
    public const string Interrupted = "INTERRUPTED";

    public static readonly string[] All = [Success, Failed, Timeout, Running, Interrupted];
}
