namespace ServiceTasks.Callbacks;

/// <summary>A failed delivery attempt worth retrying.</summary>
internal sealed class CallbackDeliveryException(string message) : Exception(message);
