using System.Collections.Concurrent;

namespace ServiceTasks.Auth;

/// <summary>
/// Keys this process verified in the last second, by hash, so a client sending many requests costs one key read per
/// second instead of one per request. An entry lives one second, so a key revoked through another process stops
/// working here within a second; a revocation through this process forgets it at once. A read that began before a
/// revocation here cannot put the key back (<see cref="Generation"/>). Only valid keys are kept.
/// </summary>
internal sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    private sealed record Entry(ApiKey Row, long ReadAt);

    /// <summary>Taken before reading a key from the database and handed to <see cref="Remember"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public ApiKey? Find(string keyHash)
    {
        if (!_entries.TryGetValue(keyHash, out var entry)) return null;
        if (clock.GetElapsedTime(entry.ReadAt) < Lifetime) return entry.Row;
        _entries.TryRemove(KeyValuePair.Create(keyHash, entry));
        return null;
    }

    /// <summary>Keeps a valid key read from the database, unless a revocation happened here since <paramref name="generation"/>.</summary>
    public void Remember(string keyHash, ApiKey row, long generation)
    {
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[keyHash] = new Entry(row, clock.GetTimestamp());
        // Checked after the write: a revocation that raced with it removes the entry again, or is seen here.
        if (Generation != generation) _entries.TryRemove(keyHash, out var _);
    }

    /// <summary>A key was revoked through this process: it is not served again from memory.</summary>
    public void Forget(Guid keyId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _entries)
            if (entry.Row.Id == keyId) _entries.TryRemove(hash, out var _);
    }
}
