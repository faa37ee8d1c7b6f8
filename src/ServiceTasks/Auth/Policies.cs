namespace ServiceTasks.Auth;

/// <summary>The authorization policies endpoints require, each a set of roles (<see cref="Roles"/>).</summary>
internal static class Policies
{
    public const string Operator = "operator";
    public const string AppAdmin = "app-admin";
    public const string AppReader = "app-reader";
}
