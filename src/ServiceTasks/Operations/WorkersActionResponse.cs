namespace ServiceTasks.Operations;

internal sealed record WorkersActionResponse(string Action, bool Paused, int Requeued);
