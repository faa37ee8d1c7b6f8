namespace ServiceTasks.Hosting;

/// <summary>
/// Collects validation errors by field (JSON names) for a 400 <c>ValidationProblem</c>, with the checks every
/// endpoint shares. <see cref="For"/> scopes it to one document inside a larger body (an import item is
/// <c>services[3].</c>): same collection, field names prefixed, <see cref="Any"/> counting that document only.
/// </summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors;
    private readonly string _prefix;

    public FieldErrors() : this([], "") { }

    private FieldErrors(Dictionary<string, List<string>> errors, string prefix) => (_errors, _prefix) = (errors, prefix);

    public bool Any => _prefix.Length == 0 ? _errors.Count > 0 : _errors.Keys.Any(k => k.StartsWith(_prefix, StringComparison.Ordinal));

    public FieldErrors For(string prefix) => new(_errors, _prefix + prefix);

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(_prefix + field, out var list)) _errors[_prefix + field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Present, not blank, and at most <paramref name="maxLength"/> characters as sent. True when it holds.</summary>
    public bool Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required.");
        else if (value.Length > maxLength) Add(field, $"must be at most {maxLength} characters.");
        else return true;
        return false;
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"must be at most {max} characters.");
    }

    public void Range(string field, double? value, double min, double max)
    {
        if (value is { } v && (v < min || v > max)) Add(field, $"must be between {min} and {max}.");
    }

    public void AtLeast(string field, double? value, double min)
    {
        if (value is { } v && v < min) Add(field, $"must be at least {min}.");
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

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
