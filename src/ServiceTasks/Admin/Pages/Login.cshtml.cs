using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ServiceTasks.Admin.Pages;

/// <summary>Takes a key, checks it as the API would, and signs in with a cookie carrying the key's claims.</summary>
internal sealed class LoginModel(AppDbContext db) : PageModel
{
    [BindProperty] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var hash = ApiKeys.Hash(Key?.Trim() ?? "");
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null);
        if (row is null)
        {
            Error = "Unknown or revoked key.";
            return Page();
        }
        if (row.Role == Roles.Engine)
        {
            Error = "An engine key calls the API only; sign in with an admin or operator key.";
            return Page();
        }
        var principal = new ClaimsPrincipal(ApiKeyAuthenticationHandler.IdentityFor(row, AdminAuthentication.CookieScheme));
        await HttpContext.SignInAsync(AdminAuthentication.CookieScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/admin/services");
    }
}
