using ServiceTasks.Admin;
using ServiceTasks.Apps;
using ServiceTasks.Auth;
using ServiceTasks.Data;
using ServiceTasks.Execution;
using ServiceTasks.Hosting;
using ServiceTasks.Logs;
using ServiceTasks.Monitoring;
using ServiceTasks.Services;
using ServiceTasks.Tasks;

var builder = WebApplication.CreateBuilder(args);

LocalPostgres? localDatabase;
try
{
    builder.AddProtectedKeyRing();
    localDatabase = await builder.StartIfNeededAsync();
}
catch (Exception e) when (e is LocalDatabaseUnavailableException or KeyRingCertificateException)
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
builder.Services.AddExecution();
builder.AddHangfireRoles();
builder.Services.AddRealServices();
builder.Services.AddCallbacks();
builder.Services.AddAdminPages();
builder.Services.AddPrometheusMetrics();

var app = builder.Build();

if (KeysCommand.Matches(args)) return await KeysCommand.RunAsync(app, args);

await app.PrepareDatabaseAsync();
if (app.IsWorker()) app.Services.ScheduleRecurringJobs();

app.UseSecurityHeaders();
app.UseApiConventions();
app.UseAuthentication();
app.UseCurrentTenant();
app.UseAuthorization();
app.UseAdminPages();

app.MapHealth();
app.MapPrometheusMetrics();
if (app.IsApi())
{
    app.MapApps();
    app.MapKeys();
    app.MapServices();
    app.MapMockTemplates();
    app.MapServiceTest();
    app.MapTasks();
    app.MapWorkers();
    app.MapLogs();
    app.MapAdminPages();
    app.MapOperatorDashboard();
}

await app.RunAsync();
return 0;

public partial class Program;
