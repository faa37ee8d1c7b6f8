using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class ServiceConfigurationVersionConfiguration : IEntityTypeConfiguration<ServiceConfigurationVersion>
{
    public void Configure(EntityTypeBuilder<ServiceConfigurationVersion> builder)
    {
        builder.ToTable("service_configuration_versions");
        builder.HasKey(v => new { v.ServiceConfigId, v.Version });
        builder.Property(v => v.ChangedBy).HasMaxLength(200);
        builder.HasIndex(v => v.AppUuid);
        builder.HasOne<ServiceConfiguration>().WithMany().HasForeignKey(v => v.ServiceConfigId).OnDelete(DeleteBehavior.Cascade);
    }
}
