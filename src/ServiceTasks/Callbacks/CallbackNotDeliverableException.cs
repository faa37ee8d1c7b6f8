namespace ServiceTasks.Callbacks;

/// <summary>A delivery that can never succeed as configured (refused address, bad URL, lost secret): not retried.</summary>
internal sealed class CallbackNotDeliverableException(string message) : Exception(message);
