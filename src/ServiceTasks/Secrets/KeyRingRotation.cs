using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Secrets;

/// <summary>
/// After a certificate rotation, the newest key is still encrypted with the previous certificate. At start, such a key
/// is succeeded by a new one encrypted with the current certificate, which Data Protection makes the default key once
/// it has propagated; secrets written under older keys keep decrypting through the previous certificates.
/// </summary>
internal sealed class KeyRingRotation(IServiceProvider services, IKeyManager keys, KeyRingCertificate certificate, ILogger<KeyRingRotation> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Keys are stored as "key-<id>"; revocations share the table and carry no certificate.
        var newest = await db.DataProtectionKeys.AsNoTracking().Where(k => k.FriendlyName!.StartsWith("key-"))
            .OrderByDescending(k => k.Id).FirstOrDefaultAsync(cancellationToken);
        if (newest?.Xml is null) return; // no key yet: the first one is created, under the current certificate, on first use

        var current = Convert.ToBase64String(certificate.Current.RawData);
        if (newest.Xml.Contains(current, StringComparison.Ordinal)) return;

        var now = DateTimeOffset.UtcNow;
        keys.CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
        logger.LogInformation("The key ring's newest key was encrypted with another certificate; created a new key under the current one.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
