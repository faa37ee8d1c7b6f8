namespace ServiceTasks.Services;

internal sealed record ImportResult(bool DryRun, int Created, int Updated, int Unchanged, IReadOnlyList<ImportItemResult> Items);
