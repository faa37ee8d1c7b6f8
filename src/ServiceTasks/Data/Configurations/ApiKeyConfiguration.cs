using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys", t => t.HasCheckConstraint(
            "ck_api_keys_role", "role IN ('operator', 'admin', 'engine') AND ((role = 'operator') = (app_uuid IS NULL))"));
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Role).HasMaxLength(20);
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Prefix).HasMaxLength(20);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.HasIndex(k => k.AppUuid);
        builder.HasOne<App>().WithMany().HasForeignKey(k => k.AppUuid).OnDelete(DeleteBehavior.Cascade);
    }
}
