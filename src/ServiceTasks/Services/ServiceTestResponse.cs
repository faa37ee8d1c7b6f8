using System.Text.Json.Nodes;

namespace ServiceTasks.Services;

internal sealed record ServiceTestResponse(bool Success, int? HttpStatusCode, JsonNode? Data, string? ErrorMessage, int ExecutionTimeMs);
