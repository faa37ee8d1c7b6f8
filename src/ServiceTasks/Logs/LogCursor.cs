using System.Buffers.Binary;
using Microsoft.AspNetCore.DataProtection;

namespace ServiceTasks.Logs;

/// <summary>
/// The keyset position after one log row: its (created_at, id), sealed by <see cref="SealedCursor"/>.
/// It also carries the walk's count (capped, <see cref="LogCount"/>) and the fingerprint of the app and filters it was counted for, so a page
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
        return SealedCursor.Seal(protection, Purpose, payload);
    }

    public static LogCursor? Decode(IDataProtectionProvider protection, string token)
    {
        var payload = SealedCursor.Open(protection, Purpose, token);
        if (payload is null || payload.Length != PayloadLength || payload[0] != Version) return null;
        var fields = payload.AsSpan(1);
        var ticks = BinaryPrimitives.ReadInt64BigEndian(fields);
        var id = BinaryPrimitives.ReadInt64BigEndian(fields[8..]);
        var total = BinaryPrimitives.ReadInt64BigEndian(fields[16..]);
        if (!SealedCursor.IsTime(ticks) || id <= 0 || total is < 0 or > int.MaxValue) return null;
        return new LogCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id, total, BinaryPrimitives.ReadInt64BigEndian(fields[24..]));
    }
}
