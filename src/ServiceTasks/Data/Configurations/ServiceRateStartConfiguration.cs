using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class ServiceRateStartConfiguration : IEntityTypeConfiguration<ServiceRateStart>
{
    public void Configure(EntityTypeBuilder<ServiceRateStart> builder)
    {
        builder.ToTable("service_rate_starts");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(s => new { s.ServiceConfigId, s.StartedAt });
        builder.HasOne<ServiceConfiguration>().WithMany().HasForeignKey(s => s.ServiceConfigId).OnDelete(DeleteBehavior.Cascade);
    }
}
