using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ServiceTasks.Benchmarks.Harness;

/// <summary>The results as a Markdown table on the console and as JSON in benchmarks/results.json.</summary>
internal static class Report
{
    public static string Line(Result r) =>
        $"{r.Figure} {r.Metric}: {Cell(r.Product, r.Unit)} vs baseline {(r.Baseline is null ? "—" : Cell(r.Baseline, r.Unit))}" +
        (r.Ratio is { } ratio ? $" (ratio {ratio:F2})" : "");

    public static string Table(IEnumerable<Result> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| figure | metric | product: median [min–max] | baseline: median [min–max] | ratio | goal | note |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
            table.AppendLine($"| {r.Figure} | {r.Metric} | {Cell(r.Product, r.Unit)} | {(r.Baseline is null ? "—" : Cell(r.Baseline, r.Unit))} " +
                $"| {(r.Ratio is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) : "—")} | {r.Goal} | {r.Note} |");
        return table.ToString();
    }

    public static async Task WriteJsonAsync(string file, IEnumerable<Result> results, object machine)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var document = new
        {
            written_at = DateTimeOffset.UtcNow,
            machine,
            results = results.Select(r => new
            {
                figure = r.Figure, metric = r.Metric, unit = r.Unit, higher_is_better = r.HigherIsBetter,
                product = Json(r.Product), baseline = r.Baseline is null ? null : Json(r.Baseline), ratio = r.Ratio, goal = r.Goal, note = r.Note,
            }),
        };
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static object Json(Series s) => new { median = s.Median, min = s.Min, max = s.Max, runs = s.Values };

    private static string Cell(Series s, string unit) =>
        s.Values.Count == 1 ? $"{Num(s.Median)} {unit}" : $"{Num(s.Median)} [{Num(s.Min)}–{Num(s.Max)}] {unit}";

    private static string Num(double v) =>
        v.ToString(Math.Abs(v) >= 100 ? "F0" : Math.Abs(v) >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
}
