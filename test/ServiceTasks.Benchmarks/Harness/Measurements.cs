namespace ServiceTasks.Benchmarks.Harness;

/// <summary>The values of one metric over the runs of a figure: median, min and max.</summary>
internal sealed record Series(IReadOnlyList<double> Values)
{
    public double Median => Percentile(Values, 50);
    public double Min => Values.Min();
    public double Max => Values.Max();

    /// <summary>Nearest-rank percentile of a sample (no interpolation).</summary>
    public static double Percentile(IEnumerable<double> sample, double p)
    {
        var sorted = sample.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// One row of the table: the product's metric over its runs, the baseline's over its runs (same database settings, same
/// run of the benchmark), their ratio (product ÷ baseline), the goal, and whether a higher value is better.
/// </summary>
internal sealed record Result(string Figure, string Metric, string Unit, bool HigherIsBetter, Series Product, Series? Baseline,
    string Goal, string Note = "")
{
    public double? Ratio => Baseline is null || Baseline.Median == 0 ? null : Product.Median / Baseline.Median;
}

/// <summary>The results of a whole benchmark run, in order.</summary>
internal sealed class ResultSet
{
    private readonly List<Result> _results = [];
    public IReadOnlyList<Result> All => _results;

    /// <summary>Forgets the rows added after the first <paramref name="count"/> (a figure that failed part-way).</summary>
    public void TrimTo(int count) => _results.RemoveRange(count, _results.Count - count);

    public void Add(string figure, string metric, string unit, bool higherIsBetter, IEnumerable<double> product,
        IEnumerable<double>? baseline, string goal, string note = "")
    {
        var result = new Result(figure, metric, unit, higherIsBetter, new Series(product.ToList()),
            baseline is null ? null : new Series(baseline.ToList()), goal, note);
        _results.Add(result);
        Console.WriteLine($"  {Report.Line(result)}");
    }
}
