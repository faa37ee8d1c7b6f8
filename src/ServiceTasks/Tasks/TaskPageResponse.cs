namespace ServiceTasks.Tasks;

/// <summary>One page of tasks. <c>next_cursor</c> continues after the last item; absent on the last page.</summary>
internal sealed record TaskPageResponse(
    IReadOnlyList<TaskResponse> Items, int TotalCount, int Page, int PageSize, string? NextCursor);
