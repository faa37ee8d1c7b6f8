using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ServiceTasks.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Secrets;

/// <summary>The Data Protection key ring is stored encrypted with a certificate the database does not hold.</summary>
[TestClass]
public sealed class KeyRingProtectionTests
{
    /// <summary>
    /// Only the key ring of a host (Data Protection over the database, and its start-up rotation), on its own database:
    /// a second full host in this process would take over Hangfire's and the metrics' process-wide state.
    /// </summary>
    private sealed class KeyRingHost(WebApplication app) : IAsyncDisposable
    {
        public IServiceProvider Services => app.Services;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    private static async Task<KeyRingHost> StartAsync(string connectionString, Dictionary<string, string?> settings)
    {
        await using (var db = TestDatabase.Context(connectionString)) await db.Database.MigrateAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["ConnectionStrings:ServiceTasks"] = connectionString;
        builder.AddSecrets();
        builder.Services.AddData(builder.Configuration);
        builder.Services.AddSingleton<SecretProtector>();
        var app = builder.Build();
        foreach (var rotation in app.Services.GetServices<IHostedService>().OfType<KeyRingRotation>()) await rotation.StartAsync(default);
        return new KeyRingHost(app);
    }

    private static SecretProtector Protector(ServiceTasksFactory host) => host.Services.GetRequiredService<SecretProtector>();

    private static SecretProtector Protector(KeyRingHost host) => host.Services.GetRequiredService<SecretProtector>();

    private static async Task<List<string>> KeyRingRowsAsync(KeyRingHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().UseAllApps();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
    }

    private static async Task<List<string>> KeyRingRowsAsync(ServiceTasksFactory host)
    {
        await using var scope = host.DbScope(out var db);
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
    }

    private static void AssertEncrypted(IReadOnlyCollection<string> rows)
    {
        Assert.IsNotEmpty(rows);
        foreach (var xml in rows)
        {
            StringAssert.Contains(xml, "<EncryptedKey");
            StringAssert.Contains(xml, "EncryptedXmlDecryptor");
            Assert.DoesNotContain("unencrypted form", xml);
            Assert.DoesNotContain("<value>", xml);
        }
    }

    [TestMethod]
    public async Task KeyRingRows_HoldNoPlainKeyMaterial_OnlyAnEncryptedKey()
    {
        Protector(TestHost.Factory).Protect("anything, so a key exists");
        AssertEncrypted(await KeyRingRowsAsync(TestHost.Factory));
    }

    [TestMethod]
    public async Task WithoutACertificate_OutsideProduction_ALocalOneIsGeneratedOnFirstStart_AndUsed()
    {
        var database = await TestDatabase.CreateAsync("keyring-local");
        var local = Path.Combine(Directory.CreateTempSubdirectory("servicetasks-keyring-").FullName, "data", "key-ring.pfx");
        await using (var host = await StartAsync(database, new() { ["DataProtection:CertificatePath"] = "", ["DataProtection:LocalCertificatePath"] = local }))
        {
            var secret = Protector(host).Protect("local secret");
            Assert.IsTrue(File.Exists(local), "the local certificate is created on first start");
            Assert.AreEqual("local secret", Protector(host).Unprotect(secret));
            AssertEncrypted(await KeyRingRowsAsync(host));
        }
    }

    [TestMethod]
    public async Task Rotation_OldSecretsDecryptThroughThePreviousCertificate_AndANewKeyIsEncryptedWithTheNewOne()
    {
        var database = await TestDatabase.CreateAsync("keyring-rotation");
        var (oldPath, newPath) = (TestKeyRing.Create("old", "old-password"), TestKeyRing.Create("new", "new-password"));
        string oldSecret;
        await using (var before = await StartAsync(database, new() { ["DataProtection:CertificatePath"] = oldPath, ["DataProtection:CertificatePassword"] = "old-password" }))
            oldSecret = Protector(before).Protect("written before the rotation");

        await using (var rotated = await StartAsync(database, new()
        {
            ["DataProtection:CertificatePath"] = newPath, ["DataProtection:CertificatePassword"] = "new-password",
            ["DataProtection:PreviousCertificates:0:Path"] = oldPath, ["DataProtection:PreviousCertificates:0:Password"] = "old-password",
        }))
        {
            Assert.AreEqual("written before the rotation", Protector(rotated).Unprotect(oldSecret));
            var rows = await KeyRingRowsAsync(rotated);
            AssertEncrypted(rows);
            var newCertificate = Convert.ToBase64String(X509CertificateLoader.LoadPkcs12FromFile(newPath, "new-password").RawData);
            Assert.IsTrue(rows.Any(r => r.Contains(newCertificate, StringComparison.Ordinal)), "a key encrypted with the new certificate");
        }

        // The certificate really is what protects them: without the old one, the old secret no longer decrypts.
        await using var newOnly = await StartAsync(database, new() { ["DataProtection:CertificatePath"] = newPath, ["DataProtection:CertificatePassword"] = "new-password" });
        Assert.ThrowsExactly<CryptographicException>(() => Protector(newOnly).Unprotect(oldSecret));
    }

    [TestMethod]
    public async Task Production_WithoutACertificate_RefusesToStart_WithOneLineNamingTheSetting()
    {
        await using var process = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production", ["DataProtection__CertificatePath"] = "",
            ["ConnectionStrings__ServiceTasks"] = TestHost.ConnectionString,
        });
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var output = string.Join('\n', process.Lines);
        Assert.AreNotEqual(0, exitCode, output);
        StringAssert.StartsWith(output, "DataProtection:CertificatePath is not set", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
    }

    [TestMethod]
    public async Task Production_WithAnUnreadableCertificate_RefusesToStart_WithOneLineNamingTheSetting()
    {
        await using var process = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production", ["DataProtection__CertificatePath"] = "/nonexistent/key-ring.pfx",
            ["ConnectionStrings__ServiceTasks"] = TestHost.ConnectionString,
        });
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var output = string.Join('\n', process.Lines);
        Assert.AreNotEqual(0, exitCode, output);
        StringAssert.StartsWith(output, "DataProtection:CertificatePath: cannot read the certificate /nonexistent/key-ring.pfx", output);
        Assert.DoesNotContain("   at ", output);
    }
}
