namespace ServiceTasks.Mocks;

/// <summary>A built-in MOCK service: a success response shape and weighted error scenarios (docs/services.md).</summary>
internal sealed record MockTemplate(string Id, string Name, string Description, MockDefinition Definition);
