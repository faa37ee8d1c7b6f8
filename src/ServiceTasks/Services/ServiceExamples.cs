using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ServiceTasks.Services;

/// <summary>Example bodies in the OpenAPI document for the service schemas.</summary>
internal sealed class ServiceExamples : ISchemaFilter
{
    private const string RealService = """
        {"service_name": "crm-lookup", "description": "Looks a customer up in the CRM.", "service_type": "REAL",
         "endpoint_url": "https://crm.example.com/api/customers", "http_method": "POST",
         "headers": {"X-Tenant": "acme"}, "authentication": {"type": "bearer", "token": "eyJhbGciOi..."},
         "timeout_seconds": 30, "max_retries": 3,
         "retry_policy": {"initial_delay_seconds": 2, "multiplier": 2, "max_delay_seconds": 300, "jitter": "full"},
         "rate_limit_per_minute": 120, "circuit_breaker": {"failure_threshold": 5, "break_seconds": 30}}
        """;

    private const string MockService = """
        {"service_name": "weather", "service_type": "MOCK", "mock_template_id": "weather_service_mock",
         "mock_definition": {"random_seed": 42, "min_delay_ms": 0, "max_delay_ms": 50}}
        """;

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete) return;
        if (context.Type == typeof(ServiceRequest)) concrete.Examples = [JsonNode.Parse(RealService)!];
        else if (context.Type == typeof(ServicesDocument))
            concrete.Examples = [new JsonObject { ["services"] = new JsonArray(JsonNode.Parse(RealService), JsonNode.Parse(MockService)) }];
        else if (context.Type == typeof(ServiceResponse))
        {
            var example = JsonNode.Parse(RealService)!.AsObject();
            example["authentication"] = new JsonObject { ["type"] = "bearer", ["token"] = "***Oi.." };
            example["id"] = "0199a3b2-7c1e-7d3a-9f10-2b3c4d5e6f70";
            example["version"] = 1;
            concrete.Examples = [example];
        }
    }
}
