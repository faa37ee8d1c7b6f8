using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceTasks.Services;

/// <summary>Between the stored entity and the API's documents; the only place that knows the defaults of a write.</summary>
internal sealed class ServiceMapping(ServiceSecrets secrets)
{
    /// <summary>
    /// Validates <paramref name="request"/> and, when it is valid, writes its settings onto <paramref name="target"/>
    /// (members it left out hold their defaults). Returns false, with the errors added, when it is not.
    /// </summary>
    public bool TryApply(ServiceSettings request, ServiceConfiguration target, bool keepOmittedSecrets, FieldErrors errors)
    {
        ServiceValidator.Validate(request, errors);
        var real = request.ServiceType == ServiceTypes.Real;
        var authentication = real ? secrets.Resolve(request.Authentication, target.Authentication, keepOmittedSecrets, errors) : null;
        var headers = real ? secrets.ResolveHeaders(request.Headers, target.Headers, keepOmittedSecrets, errors) : null;
        if (errors.Any) return false;

        target.CopyFrom(request with
        {
            ServiceName = request.ServiceName.Trim(),
            EndpointUrl = real ? request.EndpointUrl : null,
            HttpMethod = real ? request.HttpMethod ?? ServiceValidator.DefaultHttpMethod : null,
            Headers = headers,
            Authentication = authentication,
            MockTemplateId = real ? null : request.MockTemplateId,
            MockDefinition = real ? null : request.MockDefinition,
        });
        return true;
    }

    public ServiceResponse ToResponse(ServiceConfiguration s) => new(s)
    {
        Headers = secrets.MaskHeaders(s.Headers), Authentication = secrets.Mask(s.Authentication),
        Id = s.Id, AppUuid = s.AppUuid, Version = s.Version, CreatedBy = s.CreatedBy, CreatedAt = s.CreatedAt, UpdatedAt = s.UpdatedAt,
    };

    /// <summary>An export item: the request document with no secret at all.</summary>
    public static ServiceRequest ToExport(ServiceConfiguration s) =>
        new(s) { Authentication = ServiceSecrets.Strip(s.Authentication), Headers = ServiceSecrets.StripHeaders(s.Headers) };

    /// <summary>The configurable state, to tell a real change from a no-op (no new version then).</summary>
    public static JsonNode Settings(ServiceConfiguration s) =>
        JsonSerializer.SerializeToNode(new ServiceRequest(s), JsonDefaults.Options)!;

    public static bool SameSettings(JsonNode before, ServiceConfiguration after) => JsonNode.DeepEquals(before, Settings(after));

    /// <summary>PostgreSQL keeps microseconds; answering the same value as a later read does.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % 10));
    }
}
