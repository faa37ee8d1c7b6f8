namespace ServiceTasks.Attempts;

/// <summary>Where a failed attempt moved its task: PENDING (a retry), or a terminal status with the outcome whose callback starts.</summary>
internal sealed record FailedAttemptMove(string Status, DateTimeOffset? CallbackFor);
