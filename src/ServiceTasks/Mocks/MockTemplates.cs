using System.Text.Json;

namespace ServiceTasks.Mocks;

internal static class MockTemplates
{
    public const int DefaultMinDelayMs = 100;
    public const int DefaultMaxDelayMs = 500;

    public static readonly IReadOnlyList<MockTemplate> All =
    [
        new("weather_service_mock", "Weather service",
            "Current weather and a 3-day forecast for {{input.location}}. Fails with Timeout 10%, API Error 5%, Invalid Location 3%.",
            Definition("""
                {"location": "{{input.location}}", "temperature": 21.5, "humidity": 64, "condition": "partly_cloudy",
                 "forecast": [{"day": 1, "high": 23, "low": 14, "condition": "sunny"},
                              {"day": 2, "high": 19, "low": 12, "condition": "rain"},
                              {"day": 3, "high": 22, "low": 13, "condition": "cloudy"}]}
                """,
                Scenario("Timeout", 0.10, 504, "The weather provider did not answer in time.", retryable: true, delayMs: null),
                Scenario("API Error", 0.05, 500, "The weather provider returned an internal error.", retryable: true),
                Scenario("Invalid Location", 0.03, 400, "The location is not known to the weather provider.", retryable: false))),
        new("news_service_mock", "News service",
            "Three recent articles about {{input.topic}}. Fails with Rate Limited 15% (429), Unauthorized 2% (401).",
            Definition("""
                {"topic": "{{input.topic}}", "articles": [
                  {"id": "n-1", "title": "Markets open higher", "source": "Daily Ledger", "published_at": "2026-01-01T08:00:00Z"},
                  {"id": "n-2", "title": "New rail line approved", "source": "City Wire", "published_at": "2026-01-01T09:30:00Z"},
                  {"id": "n-3", "title": "Local team wins final", "source": "Sports Desk", "published_at": "2026-01-01T11:15:00Z"}]}
                """,
                Scenario("Rate Limited", 0.15, 429, "Too many requests to the news provider.", retryable: true),
                Scenario("Unauthorized", 0.02, 401, "The news provider rejected the credentials.", retryable: false))),
        new("document_generator_mock", "Document generator",
            "Renders document {{input.template}} and returns its id, URL and metadata. Fails with Template Not Found 5% (404), Generation Failed 8% (500).",
            Definition("""
                {"document_id": "doc-{{input.template}}", "url": "https://documents.example/doc-{{input.template}}.pdf",
                 "metadata": {"pages": 3, "format": "pdf", "size_bytes": 48213}}
                """,
                Scenario("Template Not Found", 0.05, 404, "The document template does not exist.", retryable: false),
                Scenario("Generation Failed", 0.08, 500, "The document could not be generated.", retryable: true))),
        new("data_validation_mock", "Data validation",
            "Validates the given record and scores it. Fails with Validation Failure 20% (422), Service Unavailable 5% (503).",
            Definition("""
                {"valid": true, "confidence_score": 0.97, "issues": [], "warnings": ["field 'middle_name' is empty"]}
                """,
                Scenario("Validation Failure", 0.20, 422, "The record failed validation.", retryable: false),
                Scenario("Service Unavailable", 0.05, 503, "The validation service is unavailable.", retryable: true))),
    ];

    public static MockTemplate? Find(string? id) => All.FirstOrDefault(t => t.Id == id);

    private static MockDefinition Definition(string successJson, params MockErrorScenario[] scenarios) => new()
    {
        SuccessResponse = JsonDocument.Parse(successJson).RootElement.Clone(),
        MinDelayMs = DefaultMinDelayMs,
        MaxDelayMs = DefaultMaxDelayMs,
        ErrorScenarios = [.. scenarios],
    };

    private static MockErrorScenario Scenario(string name, double probability, int status, string message, bool retryable, int? delayMs = 50) =>
        new() { Name = name, Probability = probability, StatusCode = status, ErrorMessage = message, Retryable = retryable, DelayMs = delayMs };
}
