
namespace ServiceTasks.Callbacks;

/// <summary>One attempt to deliver a task's completion callback to the workflow engine.</summary>
internal sealed class CallbackDelivery : ITenantOwned
{
    public long Id { get; set; }
    public Guid AppUuid { get; set; }
    public Guid ServiceTaskId { get; set; }

    /// <summary>The Standard Webhooks <c>webhook-id</c>: the same on every retry of one delivery.</summary>
    public Guid DeliveryId { get; set; }

    public int Attempt { get; set; }
    public required string Url { get; set; }
    public int? StatusCode { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
