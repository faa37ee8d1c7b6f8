namespace ServiceTasks.Logs;

/// <summary>
/// Executions of one service in the range. total counts every row; success_rate (0 to 1), avg_ms and p95_ms are of the
/// attempts that finished with an answer (succeeded + failed + timed_out), not of those running or interrupted.
/// </summary>
internal sealed record ServiceStatsResponse(
    Guid ServiceConfigId, string ServiceName, long Total, long Succeeded, long Failed, long TimedOut, long Interrupted, long Running,
    double SuccessRate, double AvgMs, double P95Ms);
