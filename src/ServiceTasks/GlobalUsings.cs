// The folders retell a task's journey (docs/architecture.md); each is a namespace, and every file sees them all.
global using ServiceTasks.Services;
global using ServiceTasks.Mocks;
global using ServiceTasks.Tasks;
global using ServiceTasks.Attempts;
global using ServiceTasks.Throttling;
global using ServiceTasks.Outbound;
global using ServiceTasks.Logs;
global using ServiceTasks.Callbacks;
global using ServiceTasks.Operations;
global using ServiceTasks.Apps;
global using ServiceTasks.Auth;
global using ServiceTasks.Secrets;
global using ServiceTasks.Admin;
global using ServiceTasks.Data;
global using ServiceTasks.LocalDatabase;
global using ServiceTasks.Hosting;
global using ServiceTasks.Telemetry;
