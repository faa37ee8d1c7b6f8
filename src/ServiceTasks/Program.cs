using ServiceTasks.Hosting;

var builder = WebApplication.CreateBuilder(args);

LocalPostgres? localDatabase;
try
{
    localDatabase = await builder.AddServiceTasksAsync();
}
catch (StartupException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
await using var _ = localDatabase;

var app = builder.Build();
if (KeysCommand.Matches(args)) return await KeysCommand.RunAsync(app, args);

await app.PrepareDatabaseAsync();
app.UseServiceTasks();
app.MapServiceTasks();
await app.RunAsync();
return 0;

public partial class Program;
