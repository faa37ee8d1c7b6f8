using System.Net;
using System.Text.RegularExpressions;

namespace ServiceTasks.Tests.Infrastructure;

/// <summary>An HttpClient that behaves like a browser on the admin pages: a cookie jar, no automatic redirects, and a
/// browser's Accept header (pages redirect a browser to the login, while other clients get 401).</summary>
internal sealed partial class AdminSession : IDisposable
{
    public CookieContainer Cookies { get; } = new();
    public HttpClient Client { get; }

    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /// <param name="host">Another in-process host than the shared one (one with settings of its own).</param>
    public AdminSession(bool asBrowser = true, ServiceTasksFactory? host = null)
    {
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = (host ?? TestHost.Factory).BaseAddress,
        };
        if (asBrowser) Client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", BrowserAccept);
    }

    /// <summary>The login form's anti-forgery token (and its cookie, now in the jar).</summary>
    public async Task<string> FormTokenAsync(string path = "/admin/login")
    {
        var html = await Client.GetStringAsync(path);
        return FormToken().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new AssertFailedException($"No anti-forgery field on {path}");
    }

    /// <summary>The request token a signed-in page hands its scripts for the X-CSRF-TOKEN header.</summary>
    public async Task<string> PageTokenAsync(string path = "/admin/services")
    {
        var html = await Client.GetStringAsync(path);
        return MetaToken().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new AssertFailedException($"No csrf-token meta on {path}");
    }

    public async Task<HttpResponseMessage> LoginAsync(string key, string? token = null, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["Key"] = key };
        if (token is not null) fields["__RequestVerificationToken"] = token;
        if (returnUrl is not null) fields["ReturnUrl"] = returnUrl;
        return await Client.PostAsync("/admin/login", new FormUrlEncodedContent(fields));
    }

    public async Task SignInAsync(string key)
    {
        var response = await LoginAsync(key, await FormTokenAsync());
        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex MetaToken();
}
