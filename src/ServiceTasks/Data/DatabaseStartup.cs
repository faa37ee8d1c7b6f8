using Microsoft.EntityFrameworkCore;
using ServiceTasks.Auth;

namespace ServiceTasks.Data;

public static class DatabaseStartup
{
    /// <summary>Applies the EF migrations (EF serialises concurrent migrators) and creates the first operator key.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        await OperatorBootstrap.EnsureOperatorKeyAsync(db, Console.Out);
    }
}
