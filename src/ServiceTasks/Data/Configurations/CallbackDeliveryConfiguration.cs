using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class CallbackDeliveryConfiguration : IEntityTypeConfiguration<CallbackDelivery>
{
    public void Configure(EntityTypeBuilder<CallbackDelivery> builder)
    {
        builder.ToTable("callback_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).UseIdentityAlwaysColumn();
        builder.Property(d => d.Url).HasMaxLength(2048);
        builder.Property(d => d.Error).HasMaxLength(2000);
        builder.HasIndex(d => d.ServiceTaskId);
        builder.HasIndex(d => d.CreatedAt);
        builder.HasOne<ServiceTask>().WithMany().HasForeignKey(d => d.ServiceTaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
