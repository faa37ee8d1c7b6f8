namespace ServiceTasks.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The checkout's top folder, found by walking up from the test binaries to ServiceTasks.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ServiceTasks.sln"))) return dir.FullName;
        throw new InvalidOperationException("ServiceTasks.sln not found above " + AppContext.BaseDirectory);
    }
}
