namespace ServiceTasks.Hosting;

internal sealed record PagedList<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);
