using System.Text.Json;

namespace ServiceTasks.Services;

internal sealed record MockTemplateResponse(
    string Id, string Name, string Description, JsonElement? SampleResponse, int? MinDelayMs, int? MaxDelayMs,
    IReadOnlyList<MockErrorScenario> ErrorScenarios)
{
    public static MockTemplateResponse From(MockTemplate t) => new(
        t.Id, t.Name, t.Description, t.Definition.SuccessResponse, t.Definition.MinDelayMs, t.Definition.MaxDelayMs,
        t.Definition.ErrorScenarios ?? []);
}
