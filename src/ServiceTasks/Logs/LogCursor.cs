using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ServiceTasks.Logs;

/// <summary>
/// The keyset position after one log row: its (created_at, id), sealed with Data Protection (authenticated
/// encryption, key ring shared by the cluster) and base64url-encoded. A client can't forge or edit one, and
/// whatever it sends that we did not make is a 400, never a silent first page.
/// </summary>
public sealed record LogCursor(DateTimeOffset CreatedAt, long Id)
{
    private const string Purpose = "ServiceTasks.Logs.Cursor.v1";
    private const byte Version = 1;
    private const int PayloadLength = 1 + sizeof(long) + sizeof(long);

    public string Encode(IDataProtectionProvider protection)
    {
        var payload = new byte[PayloadLength];
        payload[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), CreatedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1 + sizeof(long)), Id);
        return Base64Url.EncodeToString(protection.CreateProtector(Purpose).Protect(payload));
    }

    public static LogCursor? Decode(IDataProtectionProvider protection, string token)
    {
        if (token.Length is 0 or > 512) return null;
        try
        {
            var payload = protection.CreateProtector(Purpose).Unprotect(Base64Url.DecodeFromChars(token));
            if (payload.Length != PayloadLength || payload[0] != Version) return null;
            var ticks = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1));
            var id = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1 + sizeof(long)));
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || id <= 0) return null;
            return new LogCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
