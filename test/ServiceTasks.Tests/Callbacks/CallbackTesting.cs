using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Callbacks;

internal static class CallbackTesting
{
    public static CallbackJob Job => TestHost.Factory.Services.GetRequiredService<CallbackJob>();

    /// <summary>The task's recorded delivery attempts, first to last.</summary>
    public static async Task<List<CallbackDelivery>> DeliveriesAsync(Guid taskId)
    {
        await using var scope = TestHost.DbScope(out var db);
        return await db.CallbackDeliveries.Where(d => d.ServiceTaskId == taskId).OrderBy(d => d.Attempt).ToListAsync();
    }

    /// <summary>A task row as the attempt job leaves it, written directly (the task API is not needed here).</summary>
    public static async Task<ServiceTask> InsertTaskAsync(Guid appUuid, string status = ServiceTaskStatus.Completed, string? callbackUrl = null)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var task = new ServiceTask
        {
            Id = Guid.NewGuid(),
            AppUuid = appUuid,
            InstanceId = "instance-" + Guid.NewGuid().ToString("N")[..8],
            TaskId = "node-7",
            ServiceConfigId = Guid.NewGuid(),
            ConfigVersion = 1,
            Status = status,
            OutputData = status == ServiceTaskStatus.Completed ? JsonDocument.Parse("""{"temp":21.5}""") : null,
            ErrorMessage = status == ServiceTaskStatus.Failed ? "HTTP 404 Not Found" : null,
            Attempts = 2,
            MaxRetries = 3,
            IdempotencyKey = Guid.NewGuid().ToString(),
            CallbackUrl = callbackUrl,
            CreatedAt = now,
            CompletedAt = ServiceTaskStatus.IsTerminal(status) ? now : null,
        };
        await using var scope = TestHost.DbScope(out var db);
        db.ServiceTasks.Add(task);
        await db.SaveChangesAsync();
        return task;
    }

    /// <summary>
    /// Standard Webhooks verification written from the specification, sharing no code with the product: the key is the
    /// base64 after <c>whsec_</c>; the signed content is <c>id.timestamp.body</c>; the header holds space-separated
    /// <c>v1,&lt;base64&gt;</c> entries; the timestamp must be within 5 minutes.
    /// </summary>
    public static bool Verify(string secret, LoopbackRequest request, DateTimeOffset now)
    {
        var id = request.Header("webhook-id");
        var timestamp = request.Header("webhook-timestamp");
        var signatures = request.Header("webhook-signature");
        if (id is null || timestamp is null || signatures is null || !long.TryParse(timestamp, out var seconds)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300) return false;

        using var hmac = new HMACSHA256(Convert.FromBase64String(secret.Substring("whsec_".Length)));
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{request.Body}"))));
        return signatures.Split(' ').Any(entry =>
            entry.Split(',', 2) is ["v1", var signature]
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), expected));
    }
}
