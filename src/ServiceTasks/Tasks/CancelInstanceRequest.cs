namespace ServiceTasks.Tasks;

/// <summary>
/// Cancels a workflow instance's unfinished tasks: all of them, or only those whose workflow <c>task_id</c> is listed.
/// </summary>
internal sealed record CancelInstanceRequest(string? InstanceId, IReadOnlyList<string>? TaskIds)
{
    public const int MaxTaskIds = 1000;

    public FieldErrors Validate()
    {
        var errors = new FieldErrors();
        errors.Required("instance_id", InstanceId);
        if (TaskIds is null) return errors;
        if (TaskIds.Count is 0 or > MaxTaskIds) errors.Add("task_ids", $"must list 1 to {MaxTaskIds} task ids, or be left out.");
        for (var i = 0; i < TaskIds.Count && i < MaxTaskIds; i++)
            errors.Required($"task_ids[{i}]", TaskIds[i]);
        return errors;
    }
}
