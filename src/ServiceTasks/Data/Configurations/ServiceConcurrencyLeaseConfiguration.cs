using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class ServiceConcurrencyLeaseConfiguration : IEntityTypeConfiguration<ServiceConcurrencyLease>
{
    public void Configure(EntityTypeBuilder<ServiceConcurrencyLease> builder)
    {
        builder.ToTable("service_concurrency_leases");
        builder.HasKey(l => new { l.ServiceConfigId, l.Holder });
        builder.Property(l => l.Holder).HasMaxLength(100);
        builder.HasOne<ServiceConfiguration>().WithMany().HasForeignKey(l => l.ServiceConfigId).OnDelete(DeleteBehavior.Cascade);
    }
}
