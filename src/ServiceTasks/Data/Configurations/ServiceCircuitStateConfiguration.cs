using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

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
