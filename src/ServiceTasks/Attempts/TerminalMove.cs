namespace ServiceTasks.Attempts;

/// <summary>A task this job moved to a terminal state; <paramref name="CallbackFor"/> names the outcome whose callback must start, if any.</summary>
internal sealed record TerminalMove(DateTimeOffset? CallbackFor);
