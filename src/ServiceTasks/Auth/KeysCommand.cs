
namespace ServiceTasks.Auth;

/// <summary>The CLI verb <c>keys create --role operator|admin|engine [--name NAME] [--app APP_UUID]</c>.</summary>
internal static class KeysCommand
{
    public static bool Matches(string[] args) => args is ["keys", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var role = Option(args, "--role");
        var name = Option(args, "--name") ?? "cli";
        var appArg = Option(args, "--app");
        if (args is not ["keys", "create", ..] || role is null || !Roles.All.Contains(role))
        {
            await Console.Error.WriteLineAsync("Usage: ServiceTasks keys create --role operator|admin|engine [--name NAME] [--app APP_UUID]");
            return 2;
        }
        Guid? appUuid = Guid.TryParse(appArg, out var parsed) ? parsed : null;
        if ((role == Roles.Operator) != (appUuid is null))
        {
            await Console.Error.WriteLineAsync("Operator keys take no --app; admin and engine keys need --app APP_UUID.");
            return 2;
        }

        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (appUuid is { } id && await db.Apps.FindAsync(id) is null)
        {
            await Console.Error.WriteLineAsync($"No app {id}.");
            return 1;
        }
        var (row, key) = ApiKeys.Create(role, name, appUuid);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync();
        Console.WriteLine($"{char.ToUpperInvariant(role[0])}{role[1..]} key: {key}");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
