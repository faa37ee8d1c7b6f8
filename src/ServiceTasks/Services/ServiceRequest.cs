namespace ServiceTasks.Services;

/// <summary>
/// The body of POST, each item of an import and of an export: the settings alone. A missing required member is a
/// field error from the validator, not a binding failure.
/// </summary>
internal sealed record ServiceRequest : ServiceSettings
{
    public ServiceRequest() { }

    public ServiceRequest(ServiceSettings settings) : base(settings) { }
}
