[assembly: Parallelize(Workers = 0, Scope = ExecutionScope.ClassLevel)]

namespace ServiceTasks.Tests.Infrastructure;

[TestClass]
public static class TestAssembly
{
    [AssemblyInitialize]
    public static async Task InitializeAsync(TestContext _)
    {
        await TestDatabase.StartAsync();
        await TestHost.StartAsync();
    }

    [AssemblyCleanup]
    public static async Task CleanupAsync()
    {
        await TestHost.StopAsync();
        await TestDatabase.StopAsync();
    }
}
