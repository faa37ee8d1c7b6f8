using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceTasks.Logs;

namespace ServiceTasks.Data.Configurations;

public sealed class ServiceExecutionLogConfiguration : IEntityTypeConfiguration<ServiceExecutionLog>
{
    public void Configure(EntityTypeBuilder<ServiceExecutionLog> builder)
    {
        builder.ToTable("service_execution_logs", t => t.HasCheckConstraint(
            "ck_service_execution_logs_status", "status IN ('SUCCESS', 'FAILED', 'TIMEOUT')"));
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).UseIdentityAlwaysColumn();
        builder.Property(l => l.ServiceName).HasMaxLength(200);
        builder.Property(l => l.InstanceId).HasMaxLength(200);
        builder.Property(l => l.Status).HasMaxLength(10);

        // Every list is newest first by (created_at, id) within one app; these serve the filters and keyset paging.
        builder.HasIndex(l => new { l.AppUuid, l.CreatedAt, l.Id }).IsDescending(false, true, true);
        builder.HasIndex(l => new { l.AppUuid, l.ServiceConfigId, l.CreatedAt, l.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(l => new { l.AppUuid, l.Status, l.CreatedAt, l.Id }).IsDescending(false, false, true, true);
        builder.HasIndex(l => new { l.AppUuid, l.InstanceId, l.CreatedAt });
        builder.HasIndex(l => l.ServiceTaskId);
        builder.HasIndex(l => l.CreatedAt);
    }
}
