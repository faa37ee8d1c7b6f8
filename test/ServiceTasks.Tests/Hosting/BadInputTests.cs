using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Hosting;

/// <summary>Every bad body to the foundation's write endpoints gets a 4xx problem naming the field, and writes nothing.</summary>
[TestClass]
public sealed class BadInputTests
{
    private const string Marker = "bad-input-marker";
    private static TestApp _app = null!;

    [ClassInitialize]
    public static async Task CreateAppAsync(TestContext _) => _app = await TestHost.CreateAppAsync();

    public static IEnumerable<object[]> BadBodies =>
    [
        ["POST", "/api/apps", "{", "body"],
        ["POST", "/api/apps", "[]", "body"],
        ["POST", "/api/apps", "\"just a string\"", "body"],
        ["POST", "/api/apps", """{"name": 5}""", "name"],
        ["POST", "/api/apps", """{"name": null}""", "name"],
        ["POST", "/api/apps", """{"name": ""}""", "name"],
        ["POST", "/api/apps", """{"name": "   "}""", "name"],
        ["POST", "/api/apps", $$"""{"name": "{{new string('x', 201)}}"}""", "name"],
        ["POST", "/api/apps", """{"name": {"nested": {"deeper": [1, 2, 3]}}}""", "name"],
        ["POST", "/api/apps", $$"""{"name": "{{Marker}}", "callback_url": "not a url"}""", "callback_url"],
        ["POST", "/api/apps", $$"""{"name": "{{Marker}}", "callback_url": "ftp://127.0.0.1/x"}""", "callback_url"],
        ["POST", "/api/apps", $$"""{"name": "{{Marker}}", "callback_url": "/relative/hook"}""", "callback_url"],
        ["POST", "/api/apps", $$"""{"name": "{{Marker}}", "callbackurl": "http://127.0.0.1/x"}""", "callbackurl"],
        ["POST", "/api/apps", $$"""{"name": "{{Marker}}", "callback_url": 12}""", "callback_url"],
        ["PATCH", "/api/apps/{app}", """{"name": 5}""", "name"],
        ["PATCH", "/api/apps/{app}", """{"name": null}""", "name"],
        ["PATCH", "/api/apps/{app}", """{"rotate_callback_secret": "yes"}""", "rotate_callback_secret"],
        ["PATCH", "/api/apps/{app}", """{"bogus": true}""", "bogus"],
        ["PATCH", "/api/apps/{app}", """[1]""", "body"],
        ["PATCH", "/api/apps/{app}", """{"callback_url": "javascript:alert(1)"}""", "callback_url"],
        ["POST", "/api/apps/{app}/keys", """{"role": "superuser", "name": "x"}""", "role"],
        ["POST", "/api/apps/{app}/keys", """{"role": "operator", "name": "x"}""", "role"],
        ["POST", "/api/apps/{app}/keys", """{"role": "admin"}""", "name"],
        ["POST", "/api/apps/{app}/keys", """{"role": 1, "name": "x"}""", "role"],
        ["POST", "/api/apps/{app}/keys", """{"role": "admin", "name": "x", "expires": "never"}""", "expires"],
        ["POST", "/api/apps/{app}/keys", """{"role": "admin", "name": 1e999}""", "name"],
    ];

    [TestMethod]
    [DynamicData(nameof(BadBodies))]
    public async Task WriteEndpoint_WithBadBody_Returns400NamingTheField_AndWritesNothing(string method, string route, string body, string field)
    {
        var before = await StateAsync();
        using var client = route == "/api/apps" ? TestHost.Operator() : _app.Admin();

        var response = await client.SendRawAsync(new HttpMethod(method), route.Replace("{app}", _app.AppUuid.ToString()), body);

        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.AreEqual(before, await StateAsync());
    }

    [TestMethod]
    [DataRow("POST", "/api/apps")]
    [DataRow("PATCH", "/api/apps/{app}")]
    [DataRow("POST", "/api/apps/{app}/keys")]
    public async Task WriteEndpoint_WithBodyOverOneMebibyte_Returns413(string method, string route)
    {
        using var client = route == "/api/apps" ? TestHost.Operator() : _app.Admin();
        var body = $$"""{"name": "{{new string('x', 1024 * 1024)}}"}""";
        var response = await client.SendRawAsync(new HttpMethod(method), route.Replace("{app}", _app.AppUuid.ToString()), body);
        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [TestMethod]
    public async Task PostApp_WithInvalidUtf8_Returns400()
    {
        using var client = TestHost.Operator();
        var bytes = Encoding.UTF8.GetBytes("""{"name": "ab"}""").ToList();
        bytes.InsertRange(11, new byte[] { 0xC3, 0x28, 0xFF });
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new("application/json");
        await (await client.PostAsync("/api/apps", content)).ProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [TestMethod]
    [DataRow("page=0", "page")]
    [DataRow("page=-3", "page")]
    [DataRow("page=abc", "page")]
    [DataRow("page_size=0", "page_size")]
    [DataRow("page_size=1000", "page_size")]
    [DataRow("page_size=12.5", "page_size")]
    public async Task List_WithBadPaging_Returns400NamingTheField(string query, string field)
    {
        using var client = _app.Admin();
        await (await client.GetAsync($"/api/apps/{_app.AppUuid}/keys?{query}")).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    private static async Task<string> StateAsync()
    {
        await using var scope = TestHost.DbScope(out var db);
        var app = await db.Apps.AsNoTracking().SingleAsync(a => a.AppUuid == _app.AppUuid);
        var keys = await db.ApiKeys.CountAsync(k => k.AppUuid == _app.AppUuid);
        var marked = await db.Apps.CountAsync(a => a.Name == Marker);
        return $"{app.Name}|{app.CallbackUrl}|{app.CallbackSecret}|{keys}|{marked}";
    }
}
