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

internal sealed class ServiceCircuitStateConfiguration : IEntityTypeConfiguration<ServiceCircuitState>
{
    public void Configure(EntityTypeBuilder<ServiceCircuitState> builder)
    {
        builder.ToTable("service_circuit_state", t => t.HasCheckConstraint(
            "ck_service_circuit_state_state", "state IN ('CLOSED', 'OPEN', 'HALF_OPEN')"));
        builder.HasKey(c => c.ServiceConfigId);
        builder.Property(c => c.State).HasMaxLength(10);
        builder.Property(c => c.TrialHolder).HasMaxLength(100);
        builder.HasOne<ServiceConfiguration>().WithOne().HasForeignKey<ServiceCircuitState>(c => c.ServiceConfigId).OnDelete(DeleteBehavior.Cascade);
    }
}
