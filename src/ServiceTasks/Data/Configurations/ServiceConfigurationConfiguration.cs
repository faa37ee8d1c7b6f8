using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data.Configurations;

internal sealed class ServiceConfigurationConfiguration : IEntityTypeConfiguration<ServiceConfiguration>
{
    /// <summary>A generated lower(service_name) column: queries by name use <c>EF.Property&lt;string&gt;(s, NameKey)</c>.</summary>
    public const string NameKey = "ServiceNameKey";

    public void Configure(EntityTypeBuilder<ServiceConfiguration> builder)
    {
        builder.ToTable("service_configurations", t =>
        {
            t.HasCheckConstraint("ck_service_configurations_type", "service_type IN ('REAL', 'MOCK')");
            t.HasCheckConstraint("ck_service_configurations_method",
                "http_method IS NULL OR http_method IN ('GET', 'POST', 'PUT', 'DELETE', 'PATCH')");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ServiceName).HasMaxLength(200);
        builder.Property(s => s.Description).HasMaxLength(2000);
        builder.Property(s => s.ServiceType).HasMaxLength(10);
        builder.Property(s => s.EndpointUrl).HasMaxLength(2048);
        builder.Property(s => s.HttpMethod).HasMaxLength(10);
        builder.Property(s => s.MockTemplateId).HasMaxLength(100);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.Headers).HasJsonbConversion();
        builder.Property(s => s.Authentication).HasJsonbConversion();
        builder.Property(s => s.RetryPolicy).HasJsonbConversion();
        builder.Property(s => s.MockDefinition).HasJsonbConversion();
        builder.Property(s => s.CircuitBreaker).HasJsonbConversion();
        builder.Property(s => s.Version).IsConcurrencyToken();

        // Unique per app ignoring case: the database, not the code, settles concurrent creates.
        builder.Property<string>(NameKey).HasMaxLength(200).HasComputedColumnSql("lower(service_name)", stored: true);
        builder.HasIndex(nameof(ServiceConfiguration.AppUuid), NameKey).IsUnique();
        builder.HasOne<App>().WithMany().HasForeignKey(s => s.AppUuid).OnDelete(DeleteBehavior.Cascade);
    }
}
