using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ServiceTasks.Services;

/// <summary>
/// The OpenAPI schema of a settings document says what its JSON does, not what its C# types say: a setting may be
/// sent as null (it then takes its default, see <see cref="SettingsJson"/>), and an answer starts with its identity
/// members, as it is written.
/// </summary>
internal sealed class ServiceSettingsSchema : ISchemaFilter
{
    private static readonly string[] First = ["id", "app_uuid"];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is not { } properties
            || !typeof(ServiceSettings).IsAssignableFrom(context.Type)) return;

        foreach (var member in typeof(ServiceSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            var name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
            if (member.PropertyType.IsValueType && properties.TryGetValue(name, out var property) && property is OpenApiSchema value)
                value.Type |= JsonSchemaType.Null;
        }
        if (!First.All(properties.ContainsKey)) return;
        var ordered = First.Select(n => KeyValuePair.Create(n, properties[n])).Concat(properties.Where(p => !First.Contains(p.Key))).ToList();
        properties.Clear();
        foreach (var (name, property) in ordered) properties[name] = property;
    }
}
