namespace ServiceTasks.Apps;

/// <summary>A tenant: one workflow-engine installation with its own services, keys and callback target.</summary>
internal sealed class App
{
    public Guid AppUuid { get; set; }
    public required string Name { get; set; }
    public string? CallbackUrl { get; set; }

    /// <summary>The Standard Webhooks secret, encrypted with Data Protection (never the plaintext).</summary>
    public required string CallbackSecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
