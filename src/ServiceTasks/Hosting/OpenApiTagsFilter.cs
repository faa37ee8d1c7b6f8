using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ServiceTasks.Hosting;

/// <summary>Describes each tag the operations use, so the document explains its own sections.</summary>
internal sealed class OpenApiTagsFilter(Dictionary<string, string> descriptions) : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).Distinct().ToList();
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name, Description = descriptions.GetValueOrDefault(name ?? "", name ?? ""),
        }));
    }
}
