namespace ServiceTasks.Apps;

public sealed record CreateAppRequest(string? Name, string? CallbackUrl);

/// <summary>The merge-patchable view of an app; <c>rotate_callback_secret</c> is a command, not a stored field.</summary>
public sealed record AppPatchDocument(string? Name, string? CallbackUrl, bool? RotateCallbackSecret);

public sealed record AppResponse(Guid AppUuid, string Name, string? CallbackUrl, DateTimeOffset CreatedAt, string? CallbackSecret)
{
    /// <param name="callbackSecret">Only right after creation or rotation; never read back from storage.</param>
    public static AppResponse From(App app, string? callbackSecret = null) =>
        new(app.AppUuid, app.Name, app.CallbackUrl, app.CreatedAt, callbackSecret);
}
