using System.Net;

namespace ServiceTasks.Tests.Services;

/// <summary>DELETE answers 409 while tasks are PENDING or RUNNING (tasks inserted directly: enqueueing is another feature's).</summary>
[TestClass]
public sealed class ServiceDeleteTests
{
    [TestMethod]
    public async Task Delete_IdleService_Returns204AndRemovesItsVersions()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var service = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock());
        await InsertTaskAsync(app, service.Id(), ServiceTaskStatus.Completed);
        await InsertTaskAsync(app, service.Id(), ServiceTaskStatus.Failed);

        Assert.AreEqual(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/services/{service.Id()}")).StatusCode);
        await (await admin.GetAsync($"/api/services/{service.Id()}")).ProblemAsync(HttpStatusCode.NotFound);
        await using var scope = TestHost.DbScope(out var db);
        Assert.IsFalse(db.ServiceConfigurationVersions.Any(v => v.ServiceConfigId == service.Id()));
    }

    [TestMethod]
    [DataRow(ServiceTaskStatus.Pending)]
    [DataRow(ServiceTaskStatus.Running)]
    public async Task Delete_WhileATaskIsActive_Returns409AndKeepsTheService(string status)
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var service = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock());
        await InsertTaskAsync(app, service.Id(), status);

        var problem = await (await admin.DeleteAsync($"/api/services/{service.Id()}")).ProblemAsync(HttpStatusCode.Conflict);
        StringAssert.Contains(problem["detail"]!.GetValue<string>(), "PENDING or RUNNING");
        await ServiceBodies.GetAsync(admin, service.Id().ToString());
    }

    [TestMethod]
    public async Task Delete_WithStaleIfMatch_Returns412AndKeepsTheService()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var service = await ServiceBodies.CreateAsync(admin, ServiceBodies.Mock());
        await (await ServiceBodies.PatchAsync(admin, service.Id().ToString(), """{"description": "v2"}""")).JsonAsync(HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/services/{service.Id()}");
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        await (await admin.SendAsync(request)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        request = new HttpRequestMessage(HttpMethod.Delete, $"/api/services/{service.Id()}");
        request.Headers.TryAddWithoutValidation("If-Match", "\"v2\"");
        Assert.AreEqual(HttpStatusCode.NoContent, (await admin.SendAsync(request)).StatusCode);
    }

    private static Task InsertTaskAsync(TestApp app, Guid serviceId, string status) =>
        TestServices.WriteTaskAsync(app, serviceId, t => t.Status = status);
}
