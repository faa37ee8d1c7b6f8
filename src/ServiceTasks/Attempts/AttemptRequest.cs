using System.Text.Json.Nodes;

namespace ServiceTasks.Attempts;

/// <summary>One attempt to run against a configuration version. <paramref name="Attempt"/> counts from 0.</summary>
internal sealed record AttemptRequest(Guid TaskId, int Attempt, ServiceConfiguration Service, JsonNode? Input);
