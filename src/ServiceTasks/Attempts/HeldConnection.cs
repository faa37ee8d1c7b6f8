using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Attempts;

/// <summary>
/// Keeps the job's context on one pooled connection until disposed (twice is harmless). EF otherwise rents a connection
/// per statement, and every rent costs the pool's reset (a statement and a transaction of its own) and the tenant
/// setting again; an attempt's claim, checks, admission and start go out back to back, so they share one rent. It is
/// given back before the downstream call, whose length the job does not control.
/// </summary>
internal sealed class HeldConnection : IAsyncDisposable
{
    private AppDbContext? db;

    private HeldConnection(AppDbContext db) => this.db = db;

    public static async Task<HeldConnection> OpenAsync(AppDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        return new HeldConnection(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (db is null) return;
        var context = db;
        db = null;
        await context.Database.CloseConnectionAsync();
    }
}
