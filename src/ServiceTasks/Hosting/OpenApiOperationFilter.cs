using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ServiceTasks.Hosting;

/// <summary>
/// Completes each operation for a client generator: the answers every endpoint shares (400 for a bad query or body,
/// 401 without a valid key, 403 for a role the route refuses, 413 for a body over the limit) and every 4xx as problem
/// details; the page/page_size parameters of lists; the request headers endpoints declare
/// (<see cref="OpenApiConventions.RequestHeader"/>), X-App-Uuid for operators on app-scoped routes; ETag on answers
/// that carry one.
/// </summary>
internal sealed class OpenApiOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var path = "/" + context.ApiDescription.RelativePath;
        operation.Parameters ??= [];
        operation.Responses ??= [];

        var paged = context.MethodInfo?.GetParameters().Any(p => p.ParameterType == typeof(Paging)) == true;
        if (paged)
        {
            operation.Parameters.Add(Query("page", "The page, from 1.", 1, int.MaxValue / Paging.MaxPageSize));
            operation.Parameters.Add(Query("page_size", $"Items per page (default {Paging.DefaultPageSize}).", 1, Paging.MaxPageSize));
        }
        foreach (var integer in metadata.OfType<OpenApiConventions.IntegerQuery>())
            if (operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == integer.Name) is { } declared)
                declared.Schema = Query(integer.Name, "", integer.Minimum, integer.Maximum).Schema;
        foreach (var header in metadata.OfType<OpenApiConventions.RequestHeader>())
            operation.Parameters.Add(Header(header.Name, header.Description));
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Count > 0 && !path.StartsWith("/api/apps", StringComparison.Ordinal))
            operation.Parameters.Add(Header(AuthExtensions.OperatorAppHeader,
                "Operators only: the app (app_uuid) the request acts in. Without it an operator reads every app; writes need it."));

        var hasBody = operation.RequestBody is not null;
        if (hasBody || paged || operation.Parameters.Any(p => p.In == ParameterLocation.Query)) Ensure(operation, 400, "Bad input: errors names each field.");
        if (policies.Count > 0) Ensure(operation, 401, "No key, or an unknown or revoked one.");
        if (policies.Any(p => p is Policies.Operator or Policies.AppAdmin)) Ensure(operation, 403, "The key's role may not call this route.");
        if (hasBody) Ensure(operation, 413, "The body is larger than Api:MaxRequestBodyBytes.");

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse answer) continue;
            if (status.StartsWith('4'))
            {
                var type = status == "400" ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
                answer.Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository) },
                };
            }
            else if (status.StartsWith('2') && metadata.OfType<OpenApiConventions.AnswersETag>().Any())
            {
                answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                answer.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The service's version as \"v{version}\": send it back in If-Match.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
    }

    private static void Ensure(OpenApiOperation operation, int status, string description)
    {
        if (!operation.Responses!.ContainsKey($"{status}"))
            operation.Responses[$"{status}"] = new OpenApiResponse { Description = description };
    }

    private static OpenApiParameter Query(string name, string description, int minimum, int maximum) => new()
    {
        Name = name, In = ParameterLocation.Query, Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = $"{minimum}", Maximum = $"{maximum}" },
    };

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name, In = ParameterLocation.Header, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
