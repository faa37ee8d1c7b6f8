namespace ServiceTasks.Tests.Data;

/// <summary>One row of an app in every tenant table, written through a context that sees every app.</summary>
internal sealed record TenantRows(Guid AppUuid, Guid ServiceId, Guid TaskId, long LogId, long DeliveryId)
{
    /// <summary>Every table whose rows belong to one app: the ones row-level security guards.</summary>
    public static readonly string[] Tables =
        ["service_configurations", "service_configuration_versions", "service_tasks", "service_execution_logs", "callback_deliveries"];

    public static async Task<TenantRows> WriteAsync(string connectionString, Guid appUuid, DateTimeOffset? at = null)
    {
        var now = at ?? DateTimeOffset.UtcNow;
        await using var db = TestDatabase.Context(connectionString);
        db.Tenant.UseAllApps();
        var service = new ServiceConfiguration
        {
            Id = Guid.CreateVersion7(), AppUuid = appUuid, ServiceName = $"rls-{Guid.NewGuid():N}", ServiceType = ServiceTypes.Mock,
            MockDefinition = TestServices.AlwaysSucceeds(), RetryPolicy = TestServices.QuickRetries(), CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
        };
        var task = NewTask(appUuid, service.Id, now);
        task.Status = ServiceTaskStatus.Completed;
        task.CompletedAt = now;
        var log = new ServiceExecutionLog
        {
            AppUuid = appUuid, ServiceTaskId = task.Id, ServiceConfigId = service.Id, ServiceName = service.ServiceName,
            Status = ExecutionStatus.Success, CreatedAt = now,
        };
        var delivery = new CallbackDelivery
        {
            AppUuid = appUuid, ServiceTaskId = task.Id, DeliveryId = Guid.NewGuid(), Attempt = 1, Url = "http://127.0.0.1:9/cb", CreatedAt = now,
        };
        db.AddRange(service, ServiceSnapshot.Of(service, "test"), task, log, delivery);
        await db.SaveChangesAsync();
        return new TenantRows(appUuid, service.Id, task.Id, log.Id, delivery.Id);
    }

    /// <summary>Two new apps on the shared host, with one row of each in every tenant table.</summary>
    public static async Task<(TenantRows A, TenantRows B)> WriteForTwoNewAppsAsync() =>
        (await WriteAsync(TestHost.ConnectionString, (await TestHost.CreateAppAsync()).AppUuid),
            await WriteAsync(TestHost.ConnectionString, (await TestHost.CreateAppAsync()).AppUuid));

    public static ServiceTask NewTask(Guid appUuid, Guid serviceId, DateTimeOffset? at = null) => new()
    {
        Id = Guid.CreateVersion7(), AppUuid = appUuid, InstanceId = "wf-rls", TaskId = "n", ServiceConfigId = serviceId, ConfigVersion = 1,
        IdempotencyKey = Guid.NewGuid().ToString(), CreatedAt = at ?? DateTimeOffset.UtcNow,
    };
}
