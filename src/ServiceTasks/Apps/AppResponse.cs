namespace ServiceTasks.Apps;

internal sealed record AppResponse(Guid AppUuid, string Name, string? CallbackUrl, DateTimeOffset CreatedAt, string? CallbackSecret)
{
    /// <param name="callbackSecret">Only right after creation or rotation; never read back from storage.</param>
    public static AppResponse From(App app, string? callbackSecret = null) =>
        new(app.AppUuid, app.Name, app.CallbackUrl, app.CreatedAt, callbackSecret);
}
