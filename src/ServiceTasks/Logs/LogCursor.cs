using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ServiceTasks.Logs;

/// <summary>
/// The keyset position after one log row: its (created_at, id), sealed with Data Protection (authenticated
/// encryption, key ring shared by the cluster) and base64url-encoded. A client can't forge or edit one, and
/// whatever it sends that we did not make is a 400, never a silent first page.
/// It also carries the walk's total_count and the fingerprint of the app and filters it was counted for, so a page
/// by cursor answers that count without counting again (docs/logs-performance.md), and recounts if the filters changed.
/// </summary>
internal sealed record LogCursor(DateTimeOffset CreatedAt, long Id, long TotalCount, long Scope)
{
    private const string Purpose = "ServiceTasks.Logs.Cursor.v2";
    private const byte Version = 2;
    private const int PayloadLength = 1 + 4 * sizeof(long);

    public string Encode(IDataProtectionProvider protection)
    {
        var payload = new byte[PayloadLength];
        payload[0] = Version;
        var fields = payload.AsSpan(1);
        BinaryPrimitives.WriteInt64BigEndian(fields, CreatedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(fields[8..], Id);
        BinaryPrimitives.WriteInt64BigEndian(fields[16..], TotalCount);
        BinaryPrimitives.WriteInt64BigEndian(fields[24..], Scope);
        return Base64Url.EncodeToString(protection.CreateProtector(Purpose).Protect(payload));
    }

    public static LogCursor? Decode(IDataProtectionProvider protection, string token)
    {
        if (token.Length is 0 or > 512) return null;
        try
        {
            var payload = protection.CreateProtector(Purpose).Unprotect(Base64Url.DecodeFromChars(token));
            if (payload.Length != PayloadLength || payload[0] != Version) return null;
            var fields = payload.AsSpan(1);
            var ticks = BinaryPrimitives.ReadInt64BigEndian(fields);
            var id = BinaryPrimitives.ReadInt64BigEndian(fields[8..]);
            var total = BinaryPrimitives.ReadInt64BigEndian(fields[16..]);
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || id <= 0 || total is < 0 or > int.MaxValue) return null;
            return new LogCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id, total, BinaryPrimitives.ReadInt64BigEndian(fields[24..]));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
