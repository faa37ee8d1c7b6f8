using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Tests.Apps;

[TestClass]
public sealed class AppsAndKeysTests
{
    [TestMethod]
    public async Task PostApp_ReturnsCallbackSecretOnce_AndStoresItEncrypted()
    {
        using var op = TestHost.Operator();
        var response = await op.PostAsJsonAsync("/api/apps", new { name = "billing", callback_url = "http://127.0.0.1:9/hook" });
        var app = await response.JsonAsync(HttpStatusCode.Created);
        var appUuid = Guid.Parse(app["app_uuid"]!.GetValue<string>());
        var secret = app["callback_secret"]!.GetValue<string>();

        StringAssert.StartsWith(secret, "whsec_");
        Assert.HasCount(32, Convert.FromBase64String(secret["whsec_".Length..]));
        Assert.AreEqual($"/api/apps/{appUuid}", response.Headers.Location?.OriginalString);

        var read = await (await op.GetAsync($"/api/apps/{appUuid}")).JsonAsync(HttpStatusCode.OK);
        Assert.IsNull(read["callback_secret"], "The secret is shown only at creation.");
        await using var scope = TestHost.DbScope(out var db);
        var stored = await db.Apps.SingleAsync(a => a.AppUuid == appUuid);
        Assert.DoesNotContain(secret["whsec_".Length..], stored.CallbackSecret);
    }

    [TestMethod]
    public async Task PatchApp_RotateCallbackSecret_ReturnsANewSecret_AndKeepsOtherFields()
    {
        var app = await TestHost.CreateAppAsync(callbackUrl: "http://127.0.0.1:9/a");
        using var admin = app.Admin();

        var rotated = await (await admin.PatchAsJsonAsync($"/api/apps/{app.AppUuid}", new { rotate_callback_secret = true }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.AreNotEqual(app.CallbackSecret, rotated["callback_secret"]!.GetValue<string>());
        Assert.AreEqual("http://127.0.0.1:9/a", rotated["callback_url"]!.GetValue<string>());

        var cleared = await (await admin.SendRawAsync(HttpMethod.Patch, $"/api/apps/{app.AppUuid}", """{"callback_url": null}""",
            "application/merge-patch+json")).JsonAsync(HttpStatusCode.OK);
        Assert.IsNull(cleared["callback_url"]);
        Assert.IsNull(cleared["callback_secret"]);
    }

    [TestMethod]
    public async Task CreateKey_ShowsKeyOnce_StoresOnlyItsHash_AndRevokedKeyGets401()
    {
        var app = await TestHost.CreateAppAsync();
        using var admin = app.Admin();

        var created = await (await admin.PostAsJsonAsync($"/api/apps/{app.AppUuid}/keys", new { role = "engine", name = "ci" }))
            .JsonAsync(HttpStatusCode.Created);
        var key = created["key"]!.GetValue<string>();
        var id = created["id"]!.GetValue<string>();
        StringAssert.StartsWith(key, "st_");
        Assert.IsGreaterThanOrEqualTo(46, key.Length, "st_ + 32 bytes of base64url");
        Assert.AreEqual(key[..10], created["prefix"]!.GetValue<string>());

        using var engine = TestHost.Factory.CreateClient(key);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await engine.GetAsync($"/api/apps/{app.AppUuid}/keys")).StatusCode);

        var listed = await (await admin.GetAsync($"/api/apps/{app.AppUuid}/keys")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(3, listed["total_count"]!.GetValue<int>());
        Assert.DoesNotContain(key, listed.ToJsonString());

        await using (var scope = TestHost.DbScope(out var db))
        {
            var rows = await db.ApiKeys.Where(k => k.AppUuid == app.AppUuid).ToListAsync();
            Assert.IsFalse(rows.Any(r => r.KeyHash.Contains(key) || r.Prefix == key), "No plaintext key in the table.");
            Assert.IsTrue(rows.Any(r => r.KeyHash == ApiKeys.Hash(key)));
            var rawHits = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM api_keys WHERE api_keys::text LIKE {'%' + key[10..] + '%'}").SingleAsync();
            Assert.AreEqual(0, rawHits);
        }

        Assert.AreEqual(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/apps/{app.AppUuid}/keys/{id}")).StatusCode);
        var afterRevoke = await engine.GetAsync("/api/apps");
        await afterRevoke.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestMethod]
    public async Task Keys_AcceptBothBearerAndXApiKeyHeaders_AndRecordLastUse()
    {
        var app = await TestHost.CreateAppAsync();
        using var client = TestHost.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", app.AdminKey);

        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync($"/api/apps/{app.AppUuid}")).StatusCode);
        await using var scope = TestHost.DbScope(out var db);
        var row = await db.ApiKeys.SingleAsync(k => k.KeyHash == ApiKeys.Hash(app.AdminKey));
        Assert.IsNotNull(row.LastUsedAt);
    }

    [TestMethod]
    public async Task ListApps_AsAdmin_ShowsOnlyItsOwnApp()
    {
        var app = await TestHost.CreateAppAsync();
        await TestHost.CreateAppAsync();
        using var admin = app.Admin();

        var list = await (await admin.GetAsync("/api/apps")).JsonAsync(HttpStatusCode.OK);
        Assert.AreEqual(1, list["total_count"]!.GetValue<int>());
        Assert.AreEqual(app.AppUuid.ToString(), list["items"]![0]!["app_uuid"]!.GetValue<string>());
    }
}
