using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Hosting;

internal static class PagingExtensions
{
    /// <summary>One page of an ordered query, mapped for the answer, with the total count.</summary>
    public static async Task<PagedList<TResult>> ToPageAsync<T, TResult>(
        this IQueryable<T> ordered, Paging paging, Func<T, TResult> map, CancellationToken cancellationToken = default)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var items = await ordered.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return new PagedList<TResult>(items.Select(map).ToList(), total, paging.Page, paging.PageSize);
    }
}
