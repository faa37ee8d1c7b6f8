using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceTasks.Hosting;

namespace ServiceTasks.Services;

/// <summary>Between the stored entity and the API's documents; the only place that knows the defaults of a write.</summary>
public sealed class ServiceMapping(ServiceSecrets secrets)
{
    /// <summary>
    /// Validates <paramref name="request"/> and, when it is valid, writes it onto <paramref name="target"/> (members
    /// left out take their defaults). Returns false, with the errors added, when it is not.
    /// </summary>
    public bool TryApply(ServiceRequest request, ServiceConfiguration target, bool keepOmittedSecrets, ItemErrors errors)
    {
        ServiceValidator.Validate(request, errors);
        var real = request.ServiceType == ServiceTypes.Real;
        var authentication = real ? secrets.Resolve(request.Authentication, target.Authentication, keepOmittedSecrets, errors) : null;
        var headers = real ? secrets.ResolveHeaders(request.Headers, target.Headers, keepOmittedSecrets, errors) : null;
        if (errors.Any) return false;

        target.ServiceName = request.ServiceName!.Trim();
        target.Description = request.Description;
        target.ServiceType = request.ServiceType!;
        target.EndpointUrl = real ? request.EndpointUrl : null;
        target.HttpMethod = real ? request.HttpMethod ?? ServiceValidator.DefaultHttpMethod : null;
        target.Headers = headers;
        target.Authentication = authentication;
        target.SendIdempotencyKey = request.SendIdempotencyKey ?? true;
        target.TimeoutSeconds = request.TimeoutSeconds ?? 30;
        target.MaxRetries = request.MaxRetries ?? 3;
        target.RetryPolicy = request.RetryPolicy ?? new RetryPolicy();
        target.MockTemplateId = real ? null : request.MockTemplateId;
        target.MockDefinition = real ? null : request.MockDefinition;
        target.RateLimitPerMinute = request.RateLimitPerMinute;
        target.MaxConcurrency = request.MaxConcurrency;
        target.CircuitBreaker = request.CircuitBreaker;
        target.IsActive = request.IsActive ?? true;
        return true;
    }

    /// <summary>Copies the configurable members of an old version onto the current row (restore).</summary>
    public static void CopySettings(ServiceConfiguration from, ServiceConfiguration to)
    {
        (to.ServiceName, to.Description, to.ServiceType, to.EndpointUrl, to.HttpMethod, to.Headers, to.Authentication) =
            (from.ServiceName, from.Description, from.ServiceType, from.EndpointUrl, from.HttpMethod, from.Headers, from.Authentication);
        (to.SendIdempotencyKey, to.TimeoutSeconds, to.MaxRetries, to.RetryPolicy, to.MockTemplateId, to.MockDefinition) =
            (from.SendIdempotencyKey, from.TimeoutSeconds, from.MaxRetries, from.RetryPolicy, from.MockTemplateId, from.MockDefinition);
        (to.RateLimitPerMinute, to.MaxConcurrency, to.CircuitBreaker, to.IsActive) =
            (from.RateLimitPerMinute, from.MaxConcurrency, from.CircuitBreaker, from.IsActive);
    }

    public ServiceResponse ToResponse(ServiceConfiguration s) => new()
    {
        Id = s.Id, AppUuid = s.AppUuid, ServiceName = s.ServiceName, Description = s.Description, ServiceType = s.ServiceType,
        EndpointUrl = s.EndpointUrl, HttpMethod = s.HttpMethod, Headers = secrets.MaskHeaders(s.Headers), Authentication = secrets.Mask(s.Authentication),
        SendIdempotencyKey = s.SendIdempotencyKey, TimeoutSeconds = s.TimeoutSeconds, MaxRetries = s.MaxRetries,
        RetryPolicy = s.RetryPolicy, MockTemplateId = s.MockTemplateId, MockDefinition = s.MockDefinition,
        RateLimitPerMinute = s.RateLimitPerMinute, MaxConcurrency = s.MaxConcurrency, CircuitBreaker = s.CircuitBreaker,
        IsActive = s.IsActive, Version = s.Version, CreatedBy = s.CreatedBy, CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt,
    };

    /// <summary>An export item: the request document with no secret at all.</summary>
    public ServiceRequest ToExport(ServiceConfiguration s) =>
        ToResponse(s).ToRequest() with { Authentication = ServiceSecrets.Strip(s.Authentication), Headers = ServiceSecrets.StripHeaders(s.Headers) };

    /// <summary>The configurable state, to tell a real change from a no-op (no new version then).</summary>
    public static JsonNode Settings(ServiceConfiguration s)
    {
        var node = JsonSerializer.SerializeToNode(s, JsonDefaults.Options)!.AsObject();
        foreach (var server in new[] { "id", "app_uuid", "version", "created_by", "created_at", "updated_at" }) node.Remove(server);
        return node;
    }

    public static bool SameSettings(JsonNode before, ServiceConfiguration after) => JsonNode.DeepEquals(before, Settings(after));

    /// <summary>PostgreSQL keeps microseconds; answering the same value as a later read does.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
