using System.Text.Json;

namespace ServiceTasks.Mocks;

internal static class MockDefinitionValidator
{
    /// <param name="template">The template the definition overrides, if any: effective values are checked.</param>
    public static void Validate(MockDefinition definition, MockTemplate? template, FieldErrors errors)
    {
        const string at = "mock_definition.";
        errors.AtLeast(at + "min_delay_ms", definition.MinDelayMs, 0);
        errors.AtLeast(at + "max_delay_ms", definition.MaxDelayMs, 0);
        var min = definition.MinDelayMs ?? template?.Definition.MinDelayMs ?? MockTemplates.DefaultMinDelayMs;
        var max = definition.MaxDelayMs ?? template?.Definition.MaxDelayMs ?? MockTemplates.DefaultMaxDelayMs;
        if (min >= 0 && max >= 0 && min > max) errors.Add(at + "min_delay_ms", "must be at most max_delay_ms.");

        var scenarios = definition.ErrorScenarios ?? [];
        for (var i = 0; i < scenarios.Count; i++)
        {
            var field = $"{at}error_scenarios[{i}].";
            if (scenarios[i] is not { } s)
            {
                errors.Add(field.TrimEnd('.'), "must be an object.");
                continue;
            }
            errors.Range(field + "probability", s.Probability, 0, 1);
            errors.AtLeast(field + "delay_ms", s.DelayMs, 0);
            errors.Range(field + "status_code", s.StatusCode, 400, 599);
            errors.MaxLength(field + "name", s.Name, 200);
            errors.MaxLength(field + "error_message", s.ErrorMessage, 2000);
        }
        var effective = definition.ErrorScenarios ?? template?.Definition.ErrorScenarios ?? [];
        if (effective.Where(s => s is not null).Sum(s => s.Probability) > 1 + 1e-9)
            errors.Add(at + "error_scenarios", "the probabilities must sum to at most 1.");

        if (definition.SuccessResponse is { } response) CheckPlaceholders(response, at + "success_response", errors);
    }

    private static void CheckPlaceholders(JsonElement element, string field, FieldErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when MockPlaceholders.FirstInvalid(element.GetString()!) is { } bad:
                errors.Add(field, $"has a malformed placeholder '{bad}'; use {{{{input.path}}}} with dot-separated identifiers.");
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) CheckPlaceholders(property.Value, $"{field}.{property.Name}", errors);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) CheckPlaceholders(item, $"{field}[{index++}]", errors);
                break;
        }
    }
}
