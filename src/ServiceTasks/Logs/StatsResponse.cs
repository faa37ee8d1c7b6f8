namespace ServiceTasks.Logs;

internal sealed record StatsResponse(
    DateTimeOffset DateFrom, DateTimeOffset DateTo, IReadOnlyList<ServiceStatsResponse> Items, IReadOnlyList<HourlyCountResponse> Hourly);
