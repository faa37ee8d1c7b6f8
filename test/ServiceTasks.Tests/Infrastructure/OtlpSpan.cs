namespace ServiceTasks.Tests.Infrastructure;

/// <summary>One span as an OTLP collector received it; ids in lowercase hex, attribute values as text.</summary>
internal sealed record OtlpSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> Events, IReadOnlyDictionary<string, string> Resource)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);
}
