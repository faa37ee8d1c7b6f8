using ServiceTasks.Apps;
using ServiceTasks.Auth;
using ServiceTasks.Data;
using ServiceTasks.Hosting;
using ServiceTasks.Services;

var builder = WebApplication.CreateBuilder(args);

LocalPostgres? localDatabase;
try
{
    localDatabase = await builder.StartIfNeededAsync();
}
catch (LocalDatabaseUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
await using var _ = localDatabase;

builder.AddServiceTasksOptions();
builder.AddApiConventions();
builder.Services.AddData(builder.Configuration);
builder.Services.AddApiKeyAuth();
builder.Services.AddSingleton<SecretProtector>();
builder.Services.AddServiceTasksHealth();
builder.Services.AddServices();
builder.AddHangfireRoles();

var app = builder.Build();

if (KeysCommand.Matches(args)) return await KeysCommand.RunAsync(app, args);

await app.PrepareDatabaseAsync();

app.UseApiConventions();
app.UseAuthentication();
app.UseCurrentTenant();
app.UseAuthorization();

app.MapHealth();
app.MapApps();
app.MapKeys();
app.MapServices();
app.MapMockTemplates();

await app.RunAsync();
return 0;

public partial class Program;
