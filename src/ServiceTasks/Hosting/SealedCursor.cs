using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ServiceTasks.Hosting;

/// <summary>
/// The envelope of every paging cursor (logs, tasks): the position's bytes sealed with Data Protection (authenticated
/// encryption, key ring shared by the cluster) and base64url-encoded. A client can't forge or edit one; whatever it
/// sends that we did not make opens as null, which the list answers with a 400, never a silent first page.
/// </summary>
internal static class SealedCursor
{
    private const int MaxLength = 512;

    public static string Seal(IDataProtectionProvider protection, string purpose, byte[] payload) =>
        Base64Url.EncodeToString(protection.CreateProtector(purpose).Protect(payload));

    /// <summary>The payload, or null when the token is not one this purpose sealed.</summary>
    public static byte[]? Open(IDataProtectionProvider protection, string purpose, string token)
    {
        if (token.Length is 0 or > MaxLength) return null;
        try
        {
            return protection.CreateProtector(purpose).Unprotect(Base64Url.DecodeFromChars(token));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    public static bool IsTime(long ticks) => ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks;
}
