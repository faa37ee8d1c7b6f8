using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ServiceTasks.Data;

internal static class JsonbConversion
{
    /// <summary>Stores a typed settings object as jsonb in the API's own snake_case shape, compared by value.</summary>
    public static PropertyBuilder<T> HasJsonbConversion<T>(this PropertyBuilder<T> property)
    {
        var options = JsonDefaults.Options;
        var comparer = new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, options) == JsonSerializer.Serialize(b, options),
            v => JsonSerializer.Serialize(v, options).GetHashCode(),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, options), options)!);

        property.HasConversion(
                v => JsonSerializer.Serialize(v, options),
                s => JsonSerializer.Deserialize<T>(s, options)!,
                comparer)
            .HasColumnType("jsonb");
        return property;
    }
}
