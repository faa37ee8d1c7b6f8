using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ServiceTasks.Throttling;

/// <summary>
/// A service's limits across the cluster: max_concurrency (leases that expire, so a killed holder cannot starve a service),
/// rate_limit_per_minute (a sliding log of starts) and the circuit breaker's gate, decided in one short transaction
/// under a per-service advisory lock. A service with none of them set never reaches the database here.
/// </summary>
internal sealed class ServiceThrottle(AppDbContext db, CircuitBreaker breaker, IOptions<ThrottlingOptions> options, ILogger<ServiceThrottle> logger)
{
    private const int LockSpace = 0x53544852; // this feature's key space for pg_advisory_xact_lock(int, int)

    // Two statements in one round trip: the lock first, so the read's snapshot sees every admission before it.
    private const string ReadSql = """
        SELECT pg_advisory_xact_lock(@space, hashtext(@sid::text));
        WITH now AS (SELECT clock_timestamp() AS t)
        SELECT now.t,
          (SELECT count(*) FROM service_concurrency_leases l
           WHERE l.service_config_id = @sid AND l.holder <> @holder AND l.expires_at > now.t),
          CASE WHEN @rate IS NOT NULL THEN (SELECT s.started_at FROM service_rate_starts s
           WHERE s.service_config_id = @sid AND s.started_at > now.t - @window
           ORDER BY s.started_at DESC OFFSET @rate - 1 LIMIT 1) END,
          c.state, c.opened_until, c.trial_holder, c.trial_until
        FROM now LEFT JOIN service_circuit_state c ON c.service_config_id = @sid;
        """;

    public static bool HasLimits(ServiceConfiguration s) => s.MaxConcurrency is not null || s.RateLimitPerMinute is not null || s.CircuitBreaker is not null;

    public async Task<ThrottleDecision> AdmitAsync(ServiceConfiguration service, string holder)
    {
        if (!HasLimits(service)) return new(ThrottleAdmission.Unlimited, null);
        var window = TimeSpan.FromSeconds(options.Value.RateWindowSeconds);
        var hold = TimeSpan.FromSeconds(service.TimeoutSeconds + options.Value.LeaseMarginSeconds);

        await using var transaction = await db.Database.BeginTransactionAsync();
        DateTime now;
        long busy;
        DateTime? nthNewestStart;
        CircuitBreaker.Row circuit;
        await using (var read = Command(ReadSql, service.Id, holder))
        {
            read.Parameters.AddWithValue("space", LockSpace);
            read.Parameters.Add(new NpgsqlParameter("rate", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)service.RateLimitPerMinute ?? DBNull.Value });
            read.Parameters.AddWithValue("window", window);
            await using var reader = await read.ExecuteReaderAsync();
            await reader.NextResultAsync();
            await reader.ReadAsync();
            now = reader.GetDateTime(0);
            busy = reader.GetInt64(1);
            nthNewestStart = Nullable<DateTime>(reader, 2);
            circuit = new(reader.IsDBNull(3) ? null : reader.GetString(3), Nullable<DateTime>(reader, 4),
                reader.IsDBNull(5) ? null : reader.GetString(5), Nullable<DateTime>(reader, 6));
        }

        var deferral = CircuitBreaker.Check(service, circuit, holder, now, out var trial)
            ?? (nthNewestStart is { } oldest ? new ThrottleDeferral(ThrottleDeferral.RateWindow, oldest + window - now + ThrottleDeferral.Jitter(0.02, 0.25)) : null)
            ?? (busy >= service.MaxConcurrency ? new ThrottleDeferral(ThrottleDeferral.ConcurrencySlot, ThrottleDeferral.Jitter(0.5, 1.5)) : null);
        if (deferral is not null)
        {
            await transaction.RollbackAsync();
            ServiceTaskMetrics.ThrottleDeferred(service.ServiceType);
            logger.LogDebug("Attempt of service {ServiceName} deferred by {Delay}: waiting for {WaitingFor}",
                service.ServiceName, deferral.Delay, deferral.WaitingFor);
            return new(null, deferral);
        }

        var writes = new StringBuilder(CircuitBreaker.AdmitSql(circuit, trial));
        if (service.MaxConcurrency is not null)
            writes.Append("""
                DELETE FROM service_concurrency_leases WHERE service_config_id = @sid AND expires_at <= @now;
                INSERT INTO service_concurrency_leases (service_config_id, holder, expires_at) VALUES (@sid, @holder, @now + @hold)
                ON CONFLICT (service_config_id, holder) DO UPDATE SET expires_at = excluded.expires_at;
                """);
        if (service.RateLimitPerMinute is not null)
            writes.Append("""
                DELETE FROM service_rate_starts WHERE service_config_id = @sid AND started_at <= @now - @window;
                INSERT INTO service_rate_starts (service_config_id, started_at) VALUES (@sid, @now);
                """);
        if (writes.Length > 0)
        {
            await using var write = Command(writes.ToString(), service.Id, holder);
            write.Parameters.AddWithValue("now", now);
            write.Parameters.AddWithValue("hold", hold);
            write.Parameters.AddWithValue("window", window);
            await write.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        if (trial) breaker.LogTrial(service);
        return new(new ThrottleAdmission(service, holder, service.MaxConcurrency is not null), null);
    }

    /// <summary>
    /// Gives the slot back and records the outcome for the breaker, in one round trip. Never throws: a lost release
    /// only costs the rest of the lease, and must not hide the attempt's own result.
    /// </summary>
    public async Task ReleaseAsync(ThrottleAdmission admission, AttemptResult? result)
    {
        if (!admission.MustRelease) return;
        var service = admission.Service!;
        var sql = new StringBuilder();
        if (service.CircuitBreaker is not null) sql.Append(result is null ? CircuitBreaker.AbandonTrialSql : CircuitBreaker.RecordSql);
        if (admission.HoldsSlot) sql.Append("DELETE FROM service_concurrency_leases WHERE service_config_id = @sid AND holder = @holder;");
        try
        {
            await db.Database.OpenConnectionAsync();
            await using var command = Command(sql.ToString(), service.Id, admission.Holder);
            if (service.CircuitBreaker is { } settings) CircuitBreaker.AddRecordParameters(command, settings, result is { Succeeded: false });
            await using var reader = await command.ExecuteReaderAsync();
            if (result is not null && service.CircuitBreaker is not null && await reader.ReadAsync())
                breaker.LogTransition(service, reader.GetString(0), reader.GetString(1), reader.GetInt32(2));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not release the throttling state of service {ServiceName}; its lease expires on its own", service.ServiceName);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private NpgsqlCommand Command(string sql, Guid serviceId, string holder)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("sid", serviceId);
        command.Parameters.AddWithValue("holder", holder);
        return command;
    }

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
