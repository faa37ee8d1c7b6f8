using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Hosting;

/// <summary>
/// The served OpenAPI document passes Redocly's recommended lint (redocly.yaml at the top of the checkout) with no
/// error and no warning. Redocly CLI comes from npm: .ci/run installs it into .tools/ when it is missing.
/// </summary>
[TestClass]
public sealed class OpenApiLintTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ServedDocument_PassesRedoclyRecommendedLint_WithNoErrorOrWarning()
    {
        var redocly = Path.Combine(RepoPaths.Root, ".tools", "node_modules", ".bin", "redocly");
        if (!File.Exists(redocly))
            throw new MissingPackageException($"Redocly CLI is missing: npm install --prefix {Path.Combine(RepoPaths.Root, ".tools")} @redocly/cli@2.77.0 (.ci/run does this).");
        using var client = TestHost.Anonymous();
        var document = Path.Combine(Path.GetTempPath(), $"servicetasks-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await (await client.GetAsync("/swagger/v1/swagger.json")).Content.ReadAsStringAsync());
        try
        {
            var (exitCode, output) = await RunAsync(redocly, "lint", document, "--config", Path.Combine(RepoPaths.Root, "redocly.yaml"), "--format", "json");
            TestContext.WriteLine(output);
            var totals = JsonNode.Parse(output)!["totals"]!;
            Assert.AreEqual(0, totals["errors"]!.GetValue<int>(), output);
            Assert.AreEqual(0, totals["warnings"]!.GetValue<int>(), output);
            Assert.AreEqual(0, exitCode, output);
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        await stderr; // Node's deprecation notices; the verdict is the JSON on stdout
        return (process.ExitCode, output);
    }
}
