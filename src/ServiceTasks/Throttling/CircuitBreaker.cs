using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceTasks.Throttling;

/// <summary>
/// A service's circuit breaker, shared by every process through <c>service_circuit_state</c>: failure_threshold consecutive FAILED or
/// TIMEOUT attempts open the circuit for break_seconds; then one attempt, the trial, runs HALF_OPEN and decides.
/// Admission (<see cref="Check"/>) runs under <see cref="ServiceThrottle"/>'s per-service lock; outcomes are one UPDATE.
/// </summary>
internal sealed class CircuitBreaker(ILogger<CircuitBreaker> logger)
{
    public sealed record Row(string? State, DateTime? OpenedUntil, string? TrialHolder, DateTime? TrialUntil);

    /// <summary>Null when the attempt may call; <paramref name="trial"/> is set when it is the one trial call.</summary>
    public static ThrottleDeferral? Check(ServiceConfiguration service, Row row, string holder, DateTime now, out bool trial)
    {
        trial = false;
        if (service.CircuitBreaker is null || row.State is null or CircuitStates.Closed) return null;
        if (row.State == CircuitStates.Open && row.OpenedUntil > now)
            return new(ThrottleDeferral.OpenCircuit, row.OpenedUntil.Value - now + ThrottleDeferral.Jitter(0.05, 0.5));
        if (row.State == CircuitStates.HalfOpen && row.TrialHolder is not null && row.TrialHolder != holder && row.TrialUntil > now)
            return new(ThrottleDeferral.TrialCall, ThrottleDeferral.Jitter(0.5, 1.5));
        trial = true;
        return null;
    }

    /// <summary>Admission writes: the row exists from the first attempt on, and the trial is claimed by one job.</summary>
    public static string AdmitSql(Row row, bool trial) =>
        trial ? """
            UPDATE service_circuit_state SET state = 'HALF_OPEN', trial_holder = @holder, trial_until = @now + @hold, updated_at = @now
            WHERE service_config_id = @sid;
            """
        : row.State is null ? """
            INSERT INTO service_circuit_state (service_config_id, state, consecutive_failures, updated_at)
            VALUES (@sid, 'CLOSED', 0, @now) ON CONFLICT DO NOTHING;
            """
        : "";

    public void LogTrial(ServiceConfiguration service) =>
        logger.LogInformation("Circuit breaker of service {ServiceName} ({ServiceId}) is half-open: one trial attempt runs",
            service.ServiceName, service.Id);

    // The sub-select locks the row and yields its state before the update. A success on a closed circuit with no
    // failures (the common case) matches nothing and writes nothing.
    public const string RecordSql = """
        UPDATE service_circuit_state c SET
          consecutive_failures = CASE WHEN @failed THEN c.consecutive_failures + 1 ELSE 0 END,
          state = CASE
            WHEN c.state = 'HALF_OPEN' AND c.trial_holder = @holder THEN CASE WHEN @failed THEN 'OPEN' ELSE 'CLOSED' END
            WHEN c.state = 'CLOSED' AND @failed AND c.consecutive_failures + 1 >= @threshold THEN 'OPEN'
            ELSE c.state END,
          opened_until = CASE
            WHEN @failed AND ((c.state = 'HALF_OPEN' AND c.trial_holder = @holder)
              OR (c.state = 'CLOSED' AND c.consecutive_failures + 1 >= @threshold)) THEN clock_timestamp() + @break
            WHEN NOT @failed AND c.state = 'HALF_OPEN' AND c.trial_holder = @holder THEN NULL
            ELSE c.opened_until END,
          trial_holder = CASE WHEN c.trial_holder = @holder THEN NULL ELSE c.trial_holder END,
          trial_until = CASE WHEN c.trial_holder = @holder THEN NULL ELSE c.trial_until END,
          updated_at = clock_timestamp()
        FROM (SELECT state FROM service_circuit_state
              WHERE service_config_id = @sid AND (@failed OR state <> 'CLOSED' OR consecutive_failures <> 0) FOR UPDATE) prev
        WHERE c.service_config_id = @sid
        RETURNING prev.state, c.state, c.consecutive_failures;
        """;

    /// <summary>An attempt that ended without a result (an exception, a shutdown) gives the trial back untried.</summary>
    public const string AbandonTrialSql =
        "UPDATE service_circuit_state SET trial_holder = NULL, trial_until = NULL WHERE service_config_id = @sid AND trial_holder = @holder;";

    public static void AddRecordParameters(NpgsqlCommand command, CircuitBreakerSettings settings, bool failed)
    {
        command.Parameters.AddWithValue("failed", failed);
        command.Parameters.AddWithValue("threshold", settings.FailureThreshold);
        command.Parameters.AddWithValue("break", TimeSpan.FromSeconds(settings.BreakSeconds));
    }

    public void LogTransition(ServiceConfiguration service, string before, string after, int failures)
    {
        if (before == after) return;
        if (after == CircuitStates.Open && before == CircuitStates.HalfOpen)
            logger.LogWarning("Circuit breaker of service {ServiceName} ({ServiceId}) opened again for {BreakSeconds} s: the trial attempt failed",
                service.ServiceName, service.Id, service.CircuitBreaker!.BreakSeconds);
        else if (after == CircuitStates.Open)
            logger.LogWarning("Circuit breaker of service {ServiceName} ({ServiceId}) opened for {BreakSeconds} s after {Failures} consecutive failed attempts",
                service.ServiceName, service.Id, service.CircuitBreaker!.BreakSeconds, failures);
        else if (after == CircuitStates.Closed)
            logger.LogInformation("Circuit breaker of service {ServiceName} ({ServiceId}) closed: the trial attempt succeeded",
                service.ServiceName, service.Id);
    }

    /// <summary>For the service's answer: closed, open or half_open (closed when the breaker never tripped).</summary>
    public static async Task<string> StateOfAsync(AppDbContext db, Guid serviceId)
    {
        var state = await db.Set<ServiceCircuitState>().AsNoTracking().Where(c => c.ServiceConfigId == serviceId)
            .Select(c => c.State).FirstOrDefaultAsync();
        return (state ?? CircuitStates.Closed).ToLowerInvariant();
    }
}
