using System.Text.Json.Nodes;

namespace ServiceTasks.Mocks;

/// <summary>Simulates a service from a template and/or an inline mock_definition (docs/services.md).</summary>
internal sealed class MockServiceClient
{
    public async Task<AttemptResult> InvokeAsync(AttemptRequest request, CancellationToken timeout)
    {
        var service = request.Service;
        var definition = Resolve(service);
        var requestData = new JsonObject
        {
            ["mock_template_id"] = service.MockTemplateId,
            ["input_data"] = request.Input?.DeepClone(),
        };
        if (definition is null)
            return new AttemptResult { Status = ExecutionStatus.Failed, RequestData = requestData, ErrorMessage = "The mock has no template and no definition." };

        var outcome = MockOutcome.Draw(definition, request.TaskId, request.Attempt);
        var scenario = outcome.Scenario;
        requestData["scenario"] = scenario?.Name ?? "success";
        try
        {
            // A Timeout scenario behaves as a real timeout: it waits until the attempt's timeout cancels it.
            await Task.Delay(IsTimeout(scenario) ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(outcome.DelayMs), timeout);
        }
        catch (OperationCanceledException)
        {
            return new AttemptResult
            {
                Status = ExecutionStatus.Timeout, RequestData = requestData, Retryable = true,
                ErrorMessage = $"Timed out after {service.TimeoutSeconds} s.",
            };
        }

        if (scenario is null)
        {
            return new AttemptResult
            {
                Status = ExecutionStatus.Success, HttpStatusCode = 200, RequestData = requestData,
                ResponseData = Placeholders.Fill(definition.SuccessResponse is { } success ? JsonNode.Parse(success.GetRawText()) : new JsonObject(), request.Input),
            };
        }
        var status = scenario.StatusCode ?? 500;
        return new AttemptResult
        {
            Status = ExecutionStatus.Failed, HttpStatusCode = status, RequestData = requestData,
            ResponseData = new JsonObject { ["error"] = scenario.Name, ["message"] = scenario.ErrorMessage },
            ErrorMessage = $"{scenario.Name}: {scenario.ErrorMessage}",
            Retryable = scenario.Retryable ?? ResponseBody.IsRetryableStatus(status),
        };
    }

    /// <summary>The template, with the inline definition's members overriding; or the inline definition alone.</summary>
    public static MockDefinition? Resolve(ServiceConfiguration service)
    {
        var template = MockTemplates.Find(service.MockTemplateId)?.Definition;
        var inline = service.MockDefinition;
        if (template is null || inline is null) return inline ?? template;
        return template with
        {
            SuccessResponse = inline.SuccessResponse ?? template.SuccessResponse,
            MinDelayMs = inline.MinDelayMs ?? template.MinDelayMs,
            MaxDelayMs = inline.MaxDelayMs ?? template.MaxDelayMs,
            ErrorScenarios = inline.ErrorScenarios ?? template.ErrorScenarios,
            RandomSeed = inline.RandomSeed ?? template.RandomSeed,
        };
    }

    private static bool IsTimeout(MockErrorScenario? scenario) =>
        string.Equals(scenario?.Name, "Timeout", StringComparison.OrdinalIgnoreCase);
}
