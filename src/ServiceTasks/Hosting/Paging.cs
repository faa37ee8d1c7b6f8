namespace ServiceTasks.Hosting;

/// <summary><c>page</c> (from 1) and <c>page_size</c> (default 50, at most 200); anything else is a 400 naming the field.</summary>
internal readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    public static ValueTask<Paging> BindAsync(HttpContext context)
    {
        var page = Parse(context, "page", 1, 1, int.MaxValue / MaxPageSize);
        var size = Parse(context, "page_size", DefaultPageSize, 1, MaxPageSize);
        return ValueTask.FromResult(new Paging(page, size));
    }

    private static int Parse(HttpContext context, string name, int fallback, int min, int max)
    {
        var raw = context.Request.Query[name];
        if (raw.Count == 0) return fallback;
        if (raw.Count > 1 || !int.TryParse(raw[0], out var value))
            throw new RequestValidationException(name, "must be a whole number.");
        if (value < min || value > max)
            throw new RequestValidationException(name, $"must be between {min} and {max}.");
        return value;
    }
}
