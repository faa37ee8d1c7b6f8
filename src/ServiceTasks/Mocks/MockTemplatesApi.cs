using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceTasks.Mocks;

/// <summary>The built-in MOCK templates, for the template dropdown and for clients choosing a mock_template_id.</summary>
internal static class MockTemplatesApi
{
    public static IServiceCollection AddMocks(this IServiceCollection services) =>
        services.AddSingleton<MockServiceClient>();

    public static RouteHandlerBuilder MapMockTemplates(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/mock-templates", List).WithTags("Services").RequireAuthorization(Policies.AppReader)
            .WithName("ListMockTemplates").AllowOnlyQuery("page", "page_size").WithSummary("List the built-in MOCK templates")
            .WithDescription("id, name, description, sample response (with {{input.path}} placeholders), default delays and error scenarios. " +
                "A MOCK service names one in mock_template_id; its mock_definition members override the template's.");

    private static Ok<PagedList<MockTemplateResponse>> List(Paging paging)
    {
        var page = MockTemplates.All.Skip(paging.Skip).Take(paging.PageSize).Select(MockTemplateResponse.From).ToList();
        return TypedResults.Ok(new PagedList<MockTemplateResponse>(page, MockTemplates.All.Count, paging.Page, paging.PageSize));
    }
}
