namespace ServiceTasks.Tasks;

internal static class ServiceTaskStatus
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";

    public static readonly string[] All = [Pending, Running, Completed, Failed, Cancelled];
    public static bool IsTerminal(string status) => status is Completed or Failed or Cancelled;
}
