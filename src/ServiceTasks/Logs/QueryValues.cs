using System.Globalization;

namespace ServiceTasks.Logs;

/// <summary>Strict parsing of query-string filter values: a value that does not parse is a field error, never ignored.</summary>
internal static class QueryValues
{
    // ISO 8601 only: a date, or a date and time with an optional fraction and an optional Z or offset (none means UTC).
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static DateTimeOffset? Date(FieldErrors errors, string field, string? raw)
    {
        if (raw is null) return null;
        if (DateTimeOffset.TryParseExact(raw, IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var value))
            return value.ToUniversalTime();
        errors.Add(field, "must be an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T12:00:00Z.");
        return null;
    }

    public static Guid? Uuid(FieldErrors errors, string field, string? raw)
    {
        if (raw is null) return null;
        if (Guid.TryParseExact(raw, "D", out var value)) return value;
        errors.Add(field, "must be a UUID.");
        return null;
    }

    public static string? Text(FieldErrors errors, string field, string? raw, int maxLength = 200)
    {
        if (raw is null) return null;
        if (raw.Length == 0 || raw.Length > maxLength) errors.Add(field, $"must be 1 to {maxLength} characters.");
        return raw;
    }

    /// <summary>An empty range is allowed; a reversed one is a mistake worth a 400.</summary>
    public static void Range(FieldErrors errors, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from > to) errors.Add("date_from", "must not be after date_to.");
    }
}
