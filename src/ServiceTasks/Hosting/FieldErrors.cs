namespace ServiceTasks.Hosting;

/// <summary>Collects validation errors by field (JSON names) for a 400 <c>ValidationProblem</c>.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public void Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required.");
        else if (value.Length > maxLength) Add(field, $"must be at most {maxLength} characters.");
    }

    public void AbsoluteHttpUrl(string field, string? value)
    {
        if (value is null) return;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            Add(field, "must be an absolute http or https URL.");
        else if (value.Length > 2048) Add(field, "must be at most 2048 characters.");
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
