using System.Reflection;

namespace ServiceTasks.Services;

/// <summary>
/// What a user configures on a service, declared once: the stored entity, the POST and import body, the answer and
/// the version snapshot all are these members (plus their own identity members), so a new setting is one line here
/// (and a rule in <see cref="ServiceValidator"/> if it has one). A member left out of a document, or sent as null,
/// takes the default written here (see <see cref="SettingsJson"/>).
/// </summary>
internal abstract record ServiceSettings
{
    private static readonly PropertyInfo[] Members =
        typeof(ServiceSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);

    // Null only in a document that left the member out, which the validator rejects before anything is stored.
    public string ServiceName { get; set; } = null!;
    public string? Description { get; set; }
    public string ServiceType { get; set; } = null!;
    public string? EndpointUrl { get; set; }
    public string? HttpMethod { get; set; }
    public Dictionary<string, string>? Headers { get; set; }

    /// <summary>Stored with its secret members encrypted; see <c>SecretProtector</c>.</summary>
    public AuthenticationSettings? Authentication { get; set; }

    public bool SendIdempotencyKey { get; set; } = true;
    public int TimeoutSeconds { get; set; } = 30;
    public int MaxRetries { get; set; } = 3;
    public RetryPolicy RetryPolicy { get; set; } = new();
    public string? MockTemplateId { get; set; }
    public MockDefinition? MockDefinition { get; set; }
    public int? RateLimitPerMinute { get; set; }
    public int? MaxConcurrency { get; set; }
    public CircuitBreakerSettings? CircuitBreaker { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>True for the members above, false for the identity members of a derived document.</summary>
    public static bool IsSetting(PropertyInfo? member) => member?.DeclaringType == typeof(ServiceSettings);

    /// <summary>Overwrites these settings with <paramref name="source"/>'s, leaving the identity members alone.</summary>
    public void CopyFrom(ServiceSettings source)
    {
        foreach (var member in Members) member.SetValue(this, member.GetValue(source));
    }
}
