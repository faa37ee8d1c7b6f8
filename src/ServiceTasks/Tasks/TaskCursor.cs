using System.Buffers.Binary;
using Microsoft.AspNetCore.DataProtection;

namespace ServiceTasks.Tasks;

/// <summary>
/// The keyset position after one task of the list, (created_at, id), sealed as the logs' cursor is. Like it, it
/// carries the walk's total_count and the fingerprint of the app and filters it was counted for.
/// </summary>
internal sealed record TaskCursor(DateTimeOffset CreatedAt, Guid Id, long TotalCount, long Scope)
{
    private const string Purpose = "ServiceTasks.Tasks.Cursor.v1";
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 16 + 8 + 8;

    public string Encode(IDataProtectionProvider protection)
    {
        var payload = new byte[PayloadLength];
        payload[0] = Version;
        var fields = payload.AsSpan(1);
        BinaryPrimitives.WriteInt64BigEndian(fields, CreatedAt.UtcTicks);
        Id.TryWriteBytes(fields[8..24], bigEndian: true, out var _);
        BinaryPrimitives.WriteInt64BigEndian(fields[24..], TotalCount);
        BinaryPrimitives.WriteInt64BigEndian(fields[32..], Scope);
        return SealedCursor.Seal(protection, Purpose, payload);
    }

    public static TaskCursor? Decode(IDataProtectionProvider protection, string token)
    {
        var payload = SealedCursor.Open(protection, Purpose, token);
        if (payload is null || payload.Length != PayloadLength || payload[0] != Version) return null;
        var fields = payload.AsSpan(1);
        var ticks = BinaryPrimitives.ReadInt64BigEndian(fields);
        var total = BinaryPrimitives.ReadInt64BigEndian(fields[24..]);
        if (!SealedCursor.IsTime(ticks) || total is < 0 or > int.MaxValue) return null;
        return new TaskCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(fields[8..24], bigEndian: true), total,
            BinaryPrimitives.ReadInt64BigEndian(fields[32..]));
    }
}
