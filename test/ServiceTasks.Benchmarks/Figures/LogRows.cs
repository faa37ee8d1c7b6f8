namespace ServiceTasks.Benchmarks.Figures;

/// <summary>
/// The log data set of docs/logs-performance.md, from its one source, test/ServiceTasks.Tests/Logs/Performance/
/// generate-logs.sql (copied next to this program), with the row count the figure asks for in place of psql's :rows.
/// </summary>
internal static class LogRows
{
    public static string Generate(int rows) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "generate-logs.sql")).Replace(":rows", rows.ToString());
}
