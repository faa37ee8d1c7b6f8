using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data.Configurations;

namespace ServiceTasks.Tasks;

/// <summary>The validated filters of the task list. created_from is inclusive, created_to exclusive.</summary>
internal sealed record TaskFilter(
    string? InstanceId, string? TaskId, string? Status, Guid? ServiceConfigId, string? ServiceName,
    DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo)
{
    public static TaskFilter Parse(TaskQueryParameters query, FieldErrors errors)
    {
        var filter = new TaskFilter(
            QueryValues.Text(errors, "instance_id", query.InstanceId),
            QueryValues.Text(errors, "task_id", query.TaskId),
            ParseStatus(errors, query.Status),
            QueryValues.Uuid(errors, "service_config_id", query.ServiceConfigId),
            QueryValues.Text(errors, "service_name", query.ServiceName),
            QueryValues.Date(errors, "created_from", query.CreatedFrom),
            QueryValues.Date(errors, "created_to", query.CreatedTo));
        if (filter.CreatedFrom > filter.CreatedTo) errors.Add("created_from", "must not be after created_to.");
        return filter;
    }

    public IQueryable<ServiceTask> Apply(IQueryable<ServiceTask> tasks, IQueryable<ServiceConfiguration> services)
    {
        if (InstanceId is not null) tasks = tasks.Where(t => t.InstanceId == InstanceId);
        if (TaskId is not null) tasks = tasks.Where(t => t.TaskId == TaskId);
        if (Status is not null) tasks = tasks.Where(t => t.Status == Status);
        if (ServiceConfigId is { } configId) tasks = tasks.Where(t => t.ServiceConfigId == configId);
        if (ServiceName is not null)
        {
            // The service's current name, ignoring case, through the same generated lower(service_name) column.
            var key = ServiceName.ToLowerInvariant();
            tasks = tasks.Where(t => services.Any(s =>
                s.Id == t.ServiceConfigId && EF.Property<string>(s, ServiceConfigurationConfiguration.NameKey) == key));
        }
        if (CreatedFrom is { } from) tasks = tasks.Where(t => t.CreatedAt >= from);
        if (CreatedTo is { } to) tasks = tasks.Where(t => t.CreatedAt < to);
        return tasks;
    }

    /// <summary>Names this app's view through these filters, so a cursor's count is reused only for the same view.</summary>
    public long Scope(Guid? appUuid)
    {
        var canonical = string.Join('\u001f', appUuid, InstanceId, TaskId, Status, ServiceConfigId, ServiceName?.ToLowerInvariant(),
            CreatedFrom?.UtcTicks, CreatedTo?.UtcTicks);
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string? ParseStatus(FieldErrors errors, string? raw)
    {
        if (raw is null) return null;
        var status = ServiceTaskStatus.All.FirstOrDefault(s => s.Equals(raw, StringComparison.OrdinalIgnoreCase));
        if (status is null) errors.Add("status", $"must be one of {string.Join(", ", ServiceTaskStatus.All)}.");
        return status;
    }
}
