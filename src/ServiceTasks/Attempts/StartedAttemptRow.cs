namespace ServiceTasks.Attempts;

/// <summary>What the start statement answers: the open log row, the task's counters, and an interrupted row it closed, if any.</summary>
internal sealed record StartedAttemptRow(
    long LogId, int Attempts, int AttemptBudgetStart, int? InterruptedAttempt, string? InterruptedServer, DateTimeOffset? InterruptedStartedAt);
