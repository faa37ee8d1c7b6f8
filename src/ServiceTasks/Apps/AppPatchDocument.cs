namespace ServiceTasks.Apps;

/// <summary>The merge-patchable view of an app; <c>rotate_callback_secret</c> is a command, not a stored field.</summary>
internal sealed record AppPatchDocument(string? Name, string? CallbackUrl, bool? RotateCallbackSecret);
