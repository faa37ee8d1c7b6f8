using System.Text.Json;

namespace ServiceTasks.Services;

internal sealed record TestServiceRequest(JsonElement? InputData);
