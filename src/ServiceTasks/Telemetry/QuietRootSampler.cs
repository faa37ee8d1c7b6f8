using System.Diagnostics;
using OpenTelemetry.Trace;

namespace ServiceTasks.Telemetry;

/// <summary>
/// Follows the parent's decision, and records every root span except a client call with no parent: Hangfire's polling
/// and the background jobs' own SQL would otherwise each start a trace of one span, many per second, for nothing.
/// </summary>
internal sealed class QuietRootSampler : Sampler
{
    private static readonly Sampler ParentBased = new ParentBasedSampler(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
        parameters.ParentContext.TraceId == default && parameters.Kind == ActivityKind.Client
            ? new SamplingResult(SamplingDecision.Drop)
            : ParentBased.ShouldSample(parameters);
}
