using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceTasks.Hosting;

internal static class JsonDefaults
{
    /// <summary>The one JSON shape of the product: snake_case, unknown members rejected, nulls left out.</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
        options.AllowDuplicateProperties = false;
        return options;
    }
}
