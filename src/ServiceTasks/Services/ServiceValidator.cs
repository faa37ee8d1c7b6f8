
namespace ServiceTasks.Services;

/// <summary>The rules for a service document (docs/services.md); authentication is checked where its secrets are resolved.</summary>
internal static class ServiceValidator
{
    public static readonly string[] HttpMethods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    public const string DefaultHttpMethod = "GET";

    public static void Validate(ServiceSettings r, FieldErrors errors)
    {
        errors.Required("service_name", r.ServiceName?.Trim()); // the limit is on the name as stored: trimmed
        errors.MaxLength("description", r.Description, 2000);
        errors.Range("timeout_seconds", r.TimeoutSeconds, 1, 300);
        errors.Range("max_retries", r.MaxRetries, 0, 10);
        errors.AtLeast("rate_limit_per_minute", r.RateLimitPerMinute, 1);
        errors.AtLeast("max_concurrency", r.MaxConcurrency, 1);
        if (r.CircuitBreaker is { } breaker)
        {
            errors.AtLeast("circuit_breaker.failure_threshold", breaker.FailureThreshold, 1);
            errors.AtLeast("circuit_breaker.break_seconds", breaker.BreakSeconds, 1);
        }
        if (r.RetryPolicy is { } retry) ValidateRetry(retry, errors);

        switch (r.ServiceType)
        {
            case ServiceTypes.Real: ValidateReal(r, errors); break;
            case ServiceTypes.Mock: ValidateMock(r, errors); break;
            case null: errors.Add("service_type", "is required (REAL or MOCK)."); break;
            default: errors.Add("service_type", "must be REAL or MOCK."); break;
        }
    }

    private static void ValidateRetry(RetryPolicy retry, FieldErrors errors)
    {
        if (retry.InitialDelaySeconds <= 0) errors.Add("retry_policy.initial_delay_seconds", "must be greater than 0.");
        errors.AtLeast("retry_policy.multiplier", retry.Multiplier, 1);
        if (retry.MaxDelaySeconds < retry.InitialDelaySeconds)
            errors.Add("retry_policy.max_delay_seconds", "must be at least initial_delay_seconds.");
        if (retry.Jitter is not ("full" or "none")) errors.Add("retry_policy.jitter", "must be full or none.");
        if (retry.DeadlineSeconds is <= 0) errors.Add("retry_policy.deadline_seconds", "must be greater than 0 when present.");
    }

    private static void ValidateReal(ServiceSettings r, FieldErrors errors)
    {
        if (r.EndpointUrl is null) errors.Add("endpoint_url", "is required for a REAL service.");
        errors.AbsoluteHttpUrl("endpoint_url", r.EndpointUrl);
        if (r.HttpMethod is not null && !HttpMethods.Contains(r.HttpMethod))
            errors.Add("http_method", $"must be one of {string.Join(", ", HttpMethods)}.");
        foreach (var (name, value) in r.Headers ?? [])
        {
            if (!FieldErrors.IsToken(name)) errors.Add($"headers.{name}", "is not a valid HTTP header name.");
            else if (value is null) errors.Add($"headers.{name}", "must be a string.");
            else if (value.Any(c => c is '\r' or '\n' or '\0')) errors.Add($"headers.{name}", "must not contain line breaks.");
        }
        if (r.MockTemplateId is not null) errors.Add("mock_template_id", "applies only to MOCK services.");
        if (r.MockDefinition is not null) errors.Add("mock_definition", "applies only to MOCK services.");
    }

    private static void ValidateMock(ServiceSettings r, FieldErrors errors)
    {
        if (r.EndpointUrl is not null) errors.Add("endpoint_url", "applies only to REAL services.");
        if (r.HttpMethod is not null) errors.Add("http_method", "applies only to REAL services.");
        if (r.Headers is not null) errors.Add("headers", "applies only to REAL services.");
        if (r.Authentication is not null) errors.Add("authentication", "applies only to REAL services.");

        var template = MockTemplates.Find(r.MockTemplateId);
        if (r.MockTemplateId is not null && template is null)
            errors.Add("mock_template_id", $"is not a known template ({string.Join(", ", MockTemplates.All.Select(t => t.Id))}).");
        else if (r.MockTemplateId is null && r.MockDefinition is null)
            errors.Add("mock_template_id", "a MOCK service needs mock_template_id or mock_definition.");
        if (r.MockDefinition is { } definition) MockDefinitionValidator.Validate(definition, template, errors);
    }
}
