using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class ServiceExecutionLogConfiguration : IEntityTypeConfiguration<ServiceExecutionLog>
{
    /// <summary>A generated lower(service_name) column: the name filter uses <c>EF.Property&lt;string&gt;(l, NameKey)</c>.</summary>
    public const string NameKey = "ServiceNameKey";

    public void Configure(EntityTypeBuilder<ServiceExecutionLog> builder)
    {
        builder.ToTable("service_execution_logs", t => t.HasCheckConstraint(
            "ck_service_execution_logs_status", "status IN ('SUCCESS', 'FAILED', 'TIMEOUT', 'RUNNING', 'INTERRUPTED')"));
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).UseIdentityAlwaysColumn();
        builder.Property(l => l.ServiceName).HasMaxLength(200);
        builder.Property(l => l.InstanceId).HasMaxLength(200);
        builder.Property(l => l.Status).HasMaxLength(20);
        builder.Property(l => l.ServerId).HasMaxLength(200);
        builder.Property(l => l.TraceId).HasMaxLength(32);
        builder.Property<string>(NameKey).HasMaxLength(200).HasComputedColumnSql("lower(service_name)", stored: true);

        // Every list is newest first by (created_at, id) within one app. Each filter has an index that ends in
        // (created_at DESC, id DESC), so a page (by OFFSET or by keyset cursor) reads rows already in order.
        // docs/logs-performance.md has the plans at 1M rows.
        builder.HasIndex(l => new { l.AppUuid, l.CreatedAt, l.Id }).IsDescending(false, true, true);
        builder.HasIndex(l => new { l.AppUuid, l.ServiceConfigId, l.CreatedAt, l.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(l => new { l.AppUuid, l.Status, l.CreatedAt, l.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(l => new { l.AppUuid, l.InstanceId, l.CreatedAt, l.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(nameof(ServiceExecutionLog.AppUuid), NameKey, nameof(ServiceExecutionLog.CreatedAt), nameof(ServiceExecutionLog.Id))
            .IsDescending(false, false, true, true);
        // Only for total_count, without filters (the most common list) or by status (the first filtered page):
        // btree deduplication keeps it small (7 MB at 1M rows, against 85-101 MB for the indexes above), so counting
        // an app's rows, or its FAILED rows, reads a tenth of the pages.
        builder.HasIndex(l => new { l.AppUuid, l.Status });
        // A task has at most max_retries + 1 rows, so this one needs no ordering columns.
        builder.HasIndex(l => l.ServiceTaskId);
        builder.HasIndex(l => l.CreatedAt);
    }
}
