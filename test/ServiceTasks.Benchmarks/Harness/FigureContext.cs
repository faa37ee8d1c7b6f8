namespace ServiceTasks.Benchmarks.Harness;

internal sealed record FigureContext(Cluster Cluster, bool Quick, ResultSet Results)
{
    public static void Say(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
}
