namespace ServiceTasks.Logs;

/// <summary>One page of logs. <c>next_cursor</c> continues after the last item; absent on the last page.</summary>
internal sealed record LogPageResponse(
    IReadOnlyList<LogSummaryResponse> Items, int TotalCount, int Page, int PageSize, string? NextCursor);
