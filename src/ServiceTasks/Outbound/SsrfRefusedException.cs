namespace ServiceTasks.Outbound;

internal sealed class SsrfRefusedException(string message) : Exception(message);
