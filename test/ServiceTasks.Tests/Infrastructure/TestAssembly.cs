[assembly: Parallelize(Workers = 0, Scope = ExecutionScope.ClassLevel)]

namespace ServiceTasks.Tests.Infrastructure;

[TestClass]
public static class TestAssembly
{
    [AssemblyCleanup]
    public static async Task CleanupAsync()
    {
        await Browser.Shared.DisposeAsync();
        await LoopbackServer.StopSharedAsync();
        await TestHost.StopAsync();
        await TestDatabase.StopAsync();
    }
}
