using Microsoft.AspNetCore.DataProtection;

namespace ServiceTasks.Secrets;

/// <summary>Encrypts secrets at rest with the cluster-wide Data Protection key ring, and masks them for display.</summary>
internal sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ServiceTasks.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);

    /// <summary><c>***</c> plus at most the last 4 characters, and fewer for short secrets so most stays hidden.</summary>
    public static string Mask(string plaintext)
    {
        var shown = Math.Min(4, plaintext.Length / 3);
        return "***" + plaintext[^shown..];
    }

    public static bool IsMasked(string value) => value.StartsWith("***", StringComparison.Ordinal);
}
