namespace ServiceTasks.Services;

internal static class ServiceTypes
{
    public const string Real = "REAL";
    public const string Mock = "MOCK";
}
