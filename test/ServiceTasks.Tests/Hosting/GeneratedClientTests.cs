using System.Reflection;
using System.Text.RegularExpressions;

namespace ServiceTasks.Tests.Hosting;

/// <summary>
/// The OpenAPI document is enough to build a working client: NSwag generates C# from the served document, Roslyn
/// compiles it with the README's walk-through (Hosting/GeneratedClient/ReadmeWalkthrough.cs), and the walk-through
/// runs through that client only. A route, parameter, header or answer the document forgot fails the compile or the run.
/// </summary>
[TestClass]
public sealed class GeneratedClientTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ClientGeneratedFromTheServedDocument_RunsTheReadmeWalkthrough()
    {
        using var anonymous = TestHost.Anonymous();
        var code = await GeneratedClient.GenerateAsync(await anonymous.GetStringAsync("/swagger/v1/swagger.json"));
        var walkthrough = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Hosting", "GeneratedClient", "ReadmeWalkthrough.cs"));
        var assembly = GeneratedClient.Compile(code, walkthrough);

        var run = assembly.GetType("Walkthrough.ReadmeWalkthrough")!.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
        var steps = await (Task<List<string>>)run.Invoke(null, [TestHost.OperatorKey])!;
        foreach (var step in steps) TestContext.WriteLine(step);

        Assert.HasCount(7, steps);
        StringAssert.Contains(steps[2], "replay answered the same task");
        StringAssert.Matches(steps[3], new Regex("^waited: (COMPLETED|FAILED) after [1-9]"));
        StringAssert.Matches(steps[4], new Regex("^logs: [1-9]"));
        StringAssert.StartsWith(steps[5], "404: 404 404 ");
        StringAssert.StartsWith(steps[6], "412: 412 412 ");
    }
}
