namespace ServiceTasks.Services;

internal static class ImportActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Unchanged = "unchanged";
}
