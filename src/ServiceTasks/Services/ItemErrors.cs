using ServiceTasks.Hosting;

namespace ServiceTasks.Services;

/// <summary>
/// Field errors of one document inside a larger body (an import item is <c>services[3].</c>): adds the prefix
/// and knows whether this document, not the whole body, has errors.
/// </summary>
public sealed class ItemErrors(FieldErrors all, string prefix = "")
{
    public bool Any { get; private set; }

    public void Add(string field, string message)
    {
        all.Add(prefix + field, message);
        Any = true;
    }

    public void Range(string field, double? value, double min, double max)
    {
        if (value is { } v && (v < min || v > max)) Add(field, $"must be between {min} and {max}.");
    }

    public void AtLeast(string field, double? value, double min)
    {
        if (value is { } v && v < min) Add(field, $"must be at least {min}.");
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"must be at most {max} characters.");
    }

    public bool Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required.");
        else if (value.Trim().Length > maxLength) Add(field, $"must be at most {maxLength} characters.");
        else return true;
        return false;
    }

    public void AbsoluteHttpUrl(string field, string? value)
    {
        if (value is null) return;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            Add(field, "must be an absolute http or https URL.");
        else if (value.Length > 2048) Add(field, "must be at most 2048 characters.");
    }

    /// <summary>An HTTP token (RFC 9110 §5.6.2), as header names must be.</summary>
    public static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
