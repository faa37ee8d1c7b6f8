using System.Text.RegularExpressions;

namespace ServiceTasks.Mocks;

/// <summary>
/// <c>{{input.path}}</c> in a mock's success_response: path is one or more identifiers joined by dots
/// (<c>{{input.customer.first_name}}</c>). The one grammar for validation (<see cref="MockDefinitionValidator"/>)
/// and substitution at execution (<see cref="Placeholders"/>).
/// </summary>
internal static partial class MockPlaceholders
{
    /// <summary>Group <c>path</c> is the path below input, without the leading dot.</summary>
    [GeneratedRegex(@"\{\{\s*input\.(?<path>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")]
    public static partial Regex Pattern();

    /// <summary>The first malformed placeholder in a string (an unclosed <c>{{</c> or a bad path), or null.</summary>
    public static string? FirstInvalid(string text)
    {
        for (var start = text.IndexOf("{{", StringComparison.Ordinal); start >= 0; start = text.IndexOf("{{", start + 2, StringComparison.Ordinal))
        {
            var end = text.IndexOf("}}", start + 2, StringComparison.Ordinal);
            if (end < 0) return text[start..];
            var candidate = text[start..(end + 2)];
            if (!Pattern().IsMatch(candidate) || Pattern().Match(candidate).Length != candidate.Length) return candidate;
            start = end;
        }
        return null;
    }
}
