namespace ServiceTasks.Auth;

internal static class Roles
{
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string Engine = "engine";

    public static readonly string[] All = [Operator, Admin, Engine];

    /// <summary>Roles an app's own keys may have; operator keys live outside any app.</summary>
    public static readonly string[] AppRoles = [Admin, Engine];
}
