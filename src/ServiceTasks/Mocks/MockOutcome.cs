using System.Security.Cryptography;
using System.Text;

namespace ServiceTasks.Mocks;

/// <summary>
/// Which scenario an attempt of a MOCK service meets, and how long it takes. With a random_seed this is a pure
/// function of (seed, task id, attempt), the same in every process, so tests and demos repeat.
/// </summary>
internal sealed record MockOutcome(MockErrorScenario? Scenario, int DelayMs)
{
    public static MockOutcome Draw(MockDefinition definition, Guid taskId, int attempt)
    {
        var (pick, delay) = definition.RandomSeed is { } seed ? SeededUnits(seed, taskId, attempt) : (Random.Shared.NextDouble(), Random.Shared.NextDouble());
        var scenario = PickScenario(definition.ErrorScenarios ?? [], pick);
        var min = definition.MinDelayMs ?? MockTemplates.DefaultMinDelayMs;
        var max = Math.Max(min, definition.MaxDelayMs ?? MockTemplates.DefaultMaxDelayMs);
        var delayMs = scenario?.DelayMs ?? (int)Math.Round(min + (max - min) * delay);
        return new MockOutcome(scenario, delayMs);
    }

    public static MockErrorScenario? PickScenario(IReadOnlyList<MockErrorScenario> scenarios, double unitRandom)
    {
        var cumulative = 0.0;
        foreach (var scenario in scenarios)
        {
            cumulative += scenario.Probability;
            if (unitRandom < cumulative) return scenario;
        }
        return null;
    }

    /// <summary>Two uniform numbers in [0, 1) from SHA-256, stable across processes and .NET versions.</summary>
    public static (double Pick, double Delay) SeededUnits(int seed, Guid taskId, int attempt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{taskId:N}:{attempt}"));
        return (Unit(hash.AsSpan(0, 8)), Unit(hash.AsSpan(8, 8)));
    }

    private static double Unit(ReadOnlySpan<byte> bytes) => (BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53));
}
