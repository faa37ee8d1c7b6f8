namespace ServiceTasks.Logs;

/// <summary>Executions of one service in the range; success_rate is succeeded / total (0 to 1).</summary>
internal sealed record ServiceStatsResponse(
    Guid ServiceConfigId, string ServiceName, long Total, long Succeeded, long Failed, long TimedOut,
    double SuccessRate, double AvgMs, double P95Ms);
