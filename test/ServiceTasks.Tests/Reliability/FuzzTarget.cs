using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Reliability;

/// <summary>One route and method a client can call, with a valid body (writes) or its query parameters (reads).</summary>
internal sealed record FuzzTarget(string Method, string Route, Func<TestApp, HttpClient> Client, JsonObject? Valid, string[] Query);
