using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class AppConfiguration : IEntityTypeConfiguration<App>
{
    public void Configure(EntityTypeBuilder<App> builder)
    {
        builder.ToTable("apps");
        builder.HasKey(a => a.AppUuid);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.CallbackUrl).HasMaxLength(2048);
    }
}
