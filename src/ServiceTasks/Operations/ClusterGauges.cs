using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Operations;

/// <summary>The gauges read per scrape beyond the task counts: circuit breakers and live worker processes.</summary>
internal static class ClusterGauges
{
    /// <summary>A Hangfire server beats every 30 s; one silent for a minute is gone (or about to be declared so).</summary>
    private static readonly TimeSpan Alive = TimeSpan.FromMinutes(1);

    private sealed record CircuitRow(string Service, bool Open);

    public static async Task RefreshAsync(AppDbContext db, IMonitoringApi monitoring, CancellationToken ct)
    {
        // No row means CLOSED; a service that has a row shows its state (several apps' services of one name: any open).
        var circuits = await db.Database.SqlQueryRaw<CircuitRow>("""
            SELECT c.service_name AS "Service", bool_or(s.state <> 'CLOSED') AS "Open"
            FROM service_circuit_state s JOIN service_configurations c ON c.id = s.service_config_id
            GROUP BY c.service_name
            """).ToListAsync(ct);
        foreach (var circuit in circuits) ServiceTaskMetrics.CircuitOpen.WithLabels(circuit.Service).Set(circuit.Open ? 1 : 0);

        var now = DateTime.UtcNow;
        ServiceTaskMetrics.Workers.Set(monitoring.Servers().Count(s => s.Heartbeat is { } beat && now - beat < Alive));
    }
}
