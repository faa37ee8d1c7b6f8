using System.Text.Json.Nodes;

namespace ServiceTasks.Tests.Mocks;

[TestClass]
public sealed class MockOutcomeTests
{
    [TestMethod]
    public void Draw_WithSeed_IsAPureFunctionOfSeedTaskAndAttempt()
    {
        var definition = MockTemplates.Find("weather_service_mock")!.Definition with { RandomSeed = 42 };
        var task = Guid.NewGuid();
        var first = Enumerable.Range(0, 50).Select(a => MockOutcome.Draw(definition, task, a)).ToList();
        var again = Enumerable.Range(0, 50).Select(a => MockOutcome.Draw(definition, task, a)).ToList();
        CollectionAssert.AreEqual(first, again);
        Assert.AreNotEqual(MockOutcome.SeededUnits(42, task, 0), MockOutcome.SeededUnits(43, task, 0));
    }

    [TestMethod]
    [DataRow("weather_service_mock")]
    [DataRow("news_service_mock")]
    [DataRow("document_generator_mock")]
    [DataRow("data_validation_mock")]
    public void Draw_Over2000SeededTasks_MeetsEachScenarioAtItsProbability(string templateId)
    {
        const int draws = 2000;
        var definition = MockTemplates.Find(templateId)!.Definition with { RandomSeed = 7 };
        var outcomes = Enumerable.Range(0, draws).Select(i => MockOutcome.Draw(definition, new Guid(i, 0, 0, new byte[8]), 0).Scenario?.Name).ToList();

        foreach (var scenario in definition.ErrorScenarios!)
        {
            var expected = scenario.Probability * draws;
            var sigma = Math.Sqrt(draws * scenario.Probability * (1 - scenario.Probability));
            var seen = outcomes.Count(o => o == scenario.Name);
            Assert.IsLessThan(4 * sigma, Math.Abs(seen - expected), $"{scenario.Name}: {seen} of {draws}, expected about {expected}");
        }
    }

    [TestMethod]
    public void Draw_WithoutScenarios_WaitsWithinTheDelayRange()
    {
        var definition = new MockDefinition { MinDelayMs = 100, MaxDelayMs = 500, RandomSeed = 1 };
        var delays = Enumerable.Range(0, 200).Select(a => MockOutcome.Draw(definition, Guid.Empty, a).DelayMs).ToList();
        Assert.IsTrue(delays.All(d => d is >= 100 and <= 500));
        Assert.IsGreaterThan(50, delays.Distinct().Count());
    }

    [TestMethod]
    public void Fill_ReplacesPlaceholdersWithInputValues_KeepingTheirJsonType()
    {
        var template = JsonNode.Parse("""{"city": "{{input.location.city}}", "n": "{{input.count}}", "text": "Hi {{input.name}}!", "missing": "{{input.nope}}"}""");
        var input = JsonNode.Parse("""{"location": {"city": "Oslo"}, "count": 3, "name": "Ada"}""");
        var filled = Placeholders.Fill(template, input)!;
        Assert.AreEqual("Oslo", filled["city"]!.GetValue<string>());
        Assert.AreEqual(3, filled["n"]!.GetValue<int>());
        Assert.AreEqual("Hi Ada!", filled["text"]!.GetValue<string>());
        Assert.IsNull(filled["missing"]);
    }
}
