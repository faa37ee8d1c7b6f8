using System.Text.Json;

namespace ServiceTasks.Services;

// A JSON-shaped member of the service settings, stored as jsonb; its collections are replaced, never mutated in place.
internal sealed record MockDefinition
{
    public JsonElement? SuccessResponse { get; init; }
    public int? MinDelayMs { get; init; }
    public int? MaxDelayMs { get; init; }
    public List<MockErrorScenario>? ErrorScenarios { get; init; }
    public int? RandomSeed { get; init; }
}
