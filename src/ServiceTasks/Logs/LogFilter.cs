using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceTasks.Data.Configurations;

namespace ServiceTasks.Logs;

/// <summary>The validated filters of the log list. date_from is inclusive, date_to exclusive.</summary>
internal sealed record LogFilter(
    Guid? ServiceConfigId, string? ServiceName, string? Status, string? InstanceId, Guid? ServiceTaskId,
    DateTimeOffset? DateFrom, DateTimeOffset? DateTo)
{
    public static LogFilter Parse(LogQueryParameters query, FieldErrors errors)
    {
        var filter = new LogFilter(
            QueryValues.Uuid(errors, "service_config_id", query.ServiceConfigId),
            QueryValues.Text(errors, "service_name", query.ServiceName),
            ParseStatus(errors, query.Status),
            QueryValues.Text(errors, "instance_id", query.InstanceId),
            QueryValues.Uuid(errors, "service_task_id", query.ServiceTaskId),
            QueryValues.Date(errors, "date_from", query.DateFrom),
            QueryValues.Date(errors, "date_to", query.DateTo));
        QueryValues.Range(errors, filter.DateFrom, filter.DateTo);
        return filter;
    }

    public IQueryable<ServiceExecutionLog> Apply(IQueryable<ServiceExecutionLog> logs)
    {
        if (ServiceConfigId is { } configId) logs = logs.Where(l => l.ServiceConfigId == configId);
        if (ServiceName is not null)
        {
            // The generated lower(service_name) column is indexed; PostgreSQL's lower() folds what ToLowerInvariant does.
            var key = ServiceName.ToLowerInvariant();
            logs = logs.Where(l => EF.Property<string>(l, ServiceExecutionLogConfiguration.NameKey) == key);
        }
        if (Status is not null) logs = logs.Where(l => l.Status == Status);
        if (InstanceId is not null) logs = logs.Where(l => l.InstanceId == InstanceId);
        if (ServiceTaskId is { } taskId) logs = logs.Where(l => l.ServiceTaskId == taskId);
        if (DateFrom is { } from) logs = logs.Where(l => l.CreatedAt >= from);
        if (DateTo is { } to) logs = logs.Where(l => l.CreatedAt < to);
        return logs;
    }

    /// <summary>Names this app's view through these filters, so a cursor's count is reused only for the same view.</summary>
    public long Scope(Guid? appUuid)
    {
        var canonical = string.Join('\u001f', appUuid, ServiceConfigId, ServiceName?.ToLowerInvariant(), Status, InstanceId,
            ServiceTaskId, DateFrom?.UtcTicks, DateTo?.UtcTicks);
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string? ParseStatus(FieldErrors errors, string? raw)
    {
        if (raw is null) return null;
        var status = ExecutionStatus.All.FirstOrDefault(s => s.Equals(raw, StringComparison.OrdinalIgnoreCase));
        if (status is null) errors.Add("status", $"must be one of {string.Join(", ", ExecutionStatus.All)}.");
        return status;
    }
}
