namespace ServiceTasks.Logs;

/// <summary>Executions that started in one UTC hour with one status; hours without any are left out.</summary>
internal sealed record HourlyCountResponse(DateTimeOffset Hour, string Status, long Count);
