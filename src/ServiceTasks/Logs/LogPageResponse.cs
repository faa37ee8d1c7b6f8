namespace ServiceTasks.Logs;

/// <summary>
/// One page of logs. <c>next_cursor</c> continues after the last item; absent on the last page.
/// <c>total_count_capped</c>: more than <c>total_count</c> rows match (counting stops at <see cref="LogCount.Cap"/>).
/// </summary>
internal sealed record LogPageResponse(
    IReadOnlyList<LogSummaryResponse> Items, int TotalCount, bool TotalCountCapped, int Page, int PageSize, string? NextCursor);
