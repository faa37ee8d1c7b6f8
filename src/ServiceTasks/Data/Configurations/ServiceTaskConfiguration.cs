using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class ServiceTaskConfiguration : IEntityTypeConfiguration<ServiceTask>
{
    public void Configure(EntityTypeBuilder<ServiceTask> builder)
    {
        builder.ToTable("service_tasks", t =>
        {
            t.HasCheckConstraint("ck_service_tasks_status", "status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')");
            // An unfinished task has no completed_at: the service's unfinished tasks are then an index range.
            t.HasCheckConstraint("ck_service_tasks_unfinished_not_completed", "status NOT IN ('PENDING', 'RUNNING') OR completed_at IS NULL");
        });
        // Room on each page for a row's next version: the RUNNING update then stays on the page and, since it changes no
        // indexed column, writes no index entry at all (a HOT update; docs/benchmarks.md).
        builder.HasStorageParameter("fillfactor", 90);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.InstanceId).HasMaxLength(200);
        builder.Property(t => t.TaskId).HasMaxLength(200);
        builder.Property(t => t.Status).HasMaxLength(20);
        builder.Property(t => t.IdempotencyKey).HasMaxLength(255);
        builder.Property(t => t.RequestHash).HasMaxLength(64);
        builder.Property(t => t.CallbackUrl).HasMaxLength(2048);
        builder.Property(t => t.HangfireJobId).HasMaxLength(100);
        builder.Property(t => t.CallbackJobId).HasMaxLength(100);
        builder.Property(t => t.TraceParent).HasMaxLength(55);
        builder.HasIndex(t => new { t.AppUuid, t.IdempotencyKey }).IsUnique();
        builder.HasIndex(t => new { t.AppUuid, t.InstanceId });
        builder.HasIndex(t => new { t.AppUuid, t.CreatedAt });
        // Not (service_config_id, status): an index holding status makes every status change write all the indexes.
        // The delete check finds a service's unfinished tasks as completed_at IS NULL (the check constraint above).
        builder.HasIndex(t => new { t.ServiceConfigId, t.CompletedAt });
        // The outbox sweep looks for tasks that lost their job or their callback to a crash.
        builder.HasIndex(t => t.CreatedAt).HasFilter("hangfire_job_id IS NULL").HasDatabaseName("ix_service_tasks_without_job");
        builder.HasIndex(t => t.CompletedAt).HasFilter("callback_job_id IS NULL AND completed_at IS NOT NULL").HasDatabaseName("ix_service_tasks_without_callback");
        // The sweep's look for unfinished tasks whose job is gone, without reading the finished history.
        builder.HasIndex(t => t.CreatedAt).HasFilter("completed_at IS NULL").HasDatabaseName("ix_service_tasks_unfinished");
        // Retention deletes finished tasks by age.
        builder.HasIndex(t => t.CompletedAt, "ix_service_tasks_completed_at").HasFilter("completed_at IS NOT NULL");
        builder.HasOne<App>().WithMany().HasForeignKey(t => t.AppUuid).OnDelete(DeleteBehavior.Cascade);
    }
}
