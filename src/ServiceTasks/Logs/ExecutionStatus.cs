namespace ServiceTasks.Logs;

internal static class ExecutionStatus
{
    public const string Success = "SUCCESS";
    public const string Failed = "FAILED";
    public const string Timeout = "TIMEOUT";

    public static readonly string[] All = [Success, Failed, Timeout];
}
