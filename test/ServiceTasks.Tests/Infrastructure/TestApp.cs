namespace ServiceTasks.Tests.Infrastructure;

/// <summary>An app (tenant) made for a test, with its callback secret and an admin and an engine key.</summary>
internal sealed record TestApp(ServiceTasksFactory Factory, Guid AppUuid, string CallbackSecret, string AdminKey, string EngineKey)
{
    public HttpClient Admin() => Factory.CreateClient(AdminKey);
    public HttpClient Engine() => Factory.CreateClient(EngineKey);
}
