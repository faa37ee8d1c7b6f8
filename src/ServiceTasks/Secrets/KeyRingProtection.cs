using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace ServiceTasks.Secrets;

/// <summary>
/// Data Protection for the whole cluster: every process reads the same key ring from the database, and every key in it
/// is encrypted with a certificate the database does not hold. The current certificate encrypts new keys; it and the
/// previous ones decrypt existing keys, so a certificate can be rotated without losing a secret. Service credentials
/// and callback secrets are encrypted with it (<see cref="SecretProtector"/>).
/// </summary>
internal static class KeyRingProtection
{
    /// <exception cref="KeyRingCertificateException">Production without a certificate, or a certificate that cannot be read.</exception>
    public static WebApplicationBuilder AddSecrets(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetValidated<KeyRingSettings>(KeyRingSettings.Section);
        var current = string.IsNullOrWhiteSpace(settings.CertificatePath)
            ? LocalCertificate(builder.Environment, settings)
            : Load(settings.CertificatePath, settings.CertificatePassword, "DataProtection:CertificatePath");
        var previous = settings.PreviousCertificates
            .Select((c, i) => Load(c.Path, c.Password, $"DataProtection:PreviousCertificates:{i}:Path"));

        builder.Services.AddDataProtection()
            .SetApplicationName("ServiceTasks")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
        builder.Services.AddSingleton(new KeyRingCertificate(current));
        builder.Services.AddHostedService<KeyRingRotation>();
        builder.Services.AddSingleton<SecretProtector>();
        return builder;
    }

    private static X509Certificate2 LocalCertificate(IWebHostEnvironment environment, KeyRingSettings settings)
    {
        if (environment.IsProduction())
            throw new KeyRingCertificateException(
                "DataProtection:CertificatePath is not set: in Production the Data Protection key ring must be encrypted " +
                "with a certificate kept outside the database (see docs/reliability.md).");
        var path = Path.Combine(environment.ContentRootPath, settings.LocalCertificatePath);
        if (!File.Exists(path)) CreateLocal(path);
        return Load(path, null, "DataProtection:LocalCertificatePath");
    }

    private static X509Certificate2 Load(string path, string? password, string setting)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (!certificate.HasPrivateKey) throw new KeyRingCertificateException($"{setting}: {path} holds no private key.");
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new KeyRingCertificateException($"{setting}: cannot read the certificate {path} ({e.Message.TrimEnd('.')}).");
        }
    }

    /// <summary>A self-signed certificate for one machine; written atomically, so hosts starting together share one.</summary>
    public static void CreateLocal(string path, string? password = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ServiceTasks local key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pkcs12, password));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary); // another host of this machine created it first
        }
    }
}
