using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceTasks.Tests.Services;

/// <summary>Service credentials: encrypted at rest, masked in answers, absent from exports, kept by PATCHes that don't replace them.</summary>
[TestClass]
public sealed class ServiceSecretsTests
{
    public static IEnumerable<object[]> SecretBodies =>
    [
        ["api_key", "token", """{"type": "api_key", "api_key": "PLAIN-apikey-5f2a9c"}""", "api_key", "PLAIN-apikey-5f2a9c"],
        ["bearer", "token", """{"type": "bearer", "token": "PLAIN-bearer-77de01"}""", "token", "PLAIN-bearer-77de01"],
        ["basic", "password", """{"type": "basic", "username": "svc-user", "password": "PLAIN-basic-c0ffee"}""", "password", "PLAIN-basic-c0ffee"],
        ["oauth2", "client_secret",
            """{"type": "oauth2_client_credentials", "token_url": "https://id.example/token", "client_id": "cid", "client_secret": "PLAIN-oauth-b4d5e6", "scope": "read"}""",
            "client_secret", "PLAIN-oauth-b4d5e6"],
    ];

    [TestMethod]
    [DynamicData(nameof(SecretBodies))]
    public async Task Secret_IsEncryptedAtRest_MaskedInEveryAnswer_AndAbsentFromExport(
        string kind, string _, string authentication, string member, string plaintext)
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        using var engine = app.Engine();
        var body = ServiceBodies.Real($"secret-{kind}", (JsonObject)JsonNode.Parse(authentication)!);
        var createResponse = await admin.PostAsJsonAsync("/api/services", body);
        var created = await createResponse.JsonAsync(HttpStatusCode.Created);
        var id = created.Id();
        var patched = await ServiceBodies.PatchAsync(admin, id.ToString(), """{"description": "second version"}""");

        var expectedMask = "***" + plaintext[^4..];
        Assert.AreEqual(expectedMask, created["authentication"]![member]!.GetValue<string>());
        string[] answers =
        [
            await createResponse.Content.ReadAsStringAsync(),
            await patched.Content.ReadAsStringAsync(),
            await (await admin.GetAsync($"/api/services/{id}")).Content.ReadAsStringAsync(),
            await (await engine.GetAsync($"/api/services/{id}")).Content.ReadAsStringAsync(),
            await (await admin.GetAsync("/api/services")).Content.ReadAsStringAsync(),
            await (await admin.GetAsync($"/api/services/{id}/versions")).Content.ReadAsStringAsync(),
            await (await admin.PostAsync($"/api/services/{id}/versions/1/restore", null)).Content.ReadAsStringAsync(),
        ];
        foreach (var answer in answers)
        {
            Assert.DoesNotContain(plaintext, answer);
            Assert.DoesNotContain(plaintext[..^4], answer);
        }
        Assert.Contains(expectedMask, answers[5]);

        var export = await (await admin.GetAsync("/api/services/export")).JsonAsync(HttpStatusCode.OK);
        var exported = export["services"]![0]!["authentication"]!;
        Assert.IsNull(exported[member], export.ToJsonString());
        Assert.DoesNotContain("***", export.ToJsonString());

        var raw = await ServiceBodies.RawRowAsync(id);
        Assert.Contains($"secret-{kind}", raw); // the row and its snapshots are really there
        Assert.DoesNotContain(plaintext, raw);
        Assert.DoesNotContain(plaintext[..^4], raw);
    }

    [TestMethod]
    public async Task StoredSecret_DecryptsToThePlaintext_WithTheClusterKeyRing()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Real(authentication: ServiceBodies.Bearer("decrypt-me-123456")));

        await using var scope = TestHost.DbScope(out var db);
        var stored = await db.ServiceConfigurations.AsNoTracking().SingleAsync(s => s.Id == created.Id());
        var protector = scope.ServiceProvider.GetRequiredService<SecretProtector>();
        Assert.AreEqual("decrypt-me-123456", protector.Unprotect(stored.Authentication!.Token!));
    }

    [TestMethod]
    [DataRow("""{"description": "no secret in this patch"}""")]
    [DataRow("""{"authentication": {"token": "***3456"}}""")]
    [DataRow("""{"authentication": {"token": "***"}}""")]
    [DataRow("""{"authentication": {"type": "bearer"}}""")]
    public async Task Patch_OmittingOrEchoingTheMaskedSecret_KeepsTheStoredOne(string patch)
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Real(authentication: ServiceBodies.Bearer("keep-me-123456")));
        var before = await StoredTokenAsync(created.Id());

        await (await ServiceBodies.PatchAsync(admin, created.Id().ToString(), patch)).JsonAsync(HttpStatusCode.OK);

        Assert.AreEqual(before, await StoredTokenAsync(created.Id()));
    }

    [TestMethod]
    public async Task Patch_WithANewSecret_ReplacesIt_AndSwitchingTypeDropsTheOldOne()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Real(authentication: ServiceBodies.Bearer("old-token-111111")));
        var id = created.Id().ToString();

        var replaced = await (await ServiceBodies.PatchAsync(admin, id, """{"authentication": {"token": "new-token-222222"}}""")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual("***2222", replaced["authentication"]!["token"]!.GetValue<string>());
        await using (var scope = TestHost.DbScope(out var db))
        {
            var protector = scope.ServiceProvider.GetRequiredService<SecretProtector>();
            Assert.AreEqual("new-token-222222", protector.Unprotect((await StoredTokenAsync(created.Id()))!));
        }

        var basic = await (await ServiceBodies.PatchAsync(admin, id,
            """{"authentication": {"type": "basic", "username": "u", "password": "pw-3333333333"}}""")).JsonAsync(HttpStatusCode.OK);
        Assert.IsNull(basic["authentication"]!["token"]);
        Assert.AreEqual("***3333", basic["authentication"]!["password"]!.GetValue<string>());
        Assert.IsNull(await StoredTokenAsync(created.Id()));
    }

    [TestMethod]
    public async Task ShortSecret_ShowsAThirdOfItAtMost()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();
        var created = await ServiceBodies.CreateAsync(admin, ServiceBodies.Real(authentication: ServiceBodies.Bearer("abc")));
        Assert.AreEqual("***c", created["authentication"]!["token"]!.GetValue<string>());
    }

    private static async Task<string?> StoredTokenAsync(Guid id)
    {
        await using var scope = TestHost.DbScope(out var db);
        return (await db.ServiceConfigurations.AsNoTracking().SingleAsync(s => s.Id == id)).Authentication?.Token;
    }
}
