namespace ServiceTasks.Tasks;

internal sealed record CallbackDeliveryResponse(
    Guid DeliveryId, int Attempt, string Url, int? StatusCode, bool Succeeded, string? Error, int DurationMs, DateTimeOffset CreatedAt)
{
    public static CallbackDeliveryResponse From(CallbackDelivery d) =>
        new(d.DeliveryId, d.Attempt, d.Url, d.StatusCode, d.Succeeded, d.Error, d.DurationMs, d.CreatedAt);
}
