using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ServiceTasks.Admin.Pages;

/// <summary>A POST (with its anti-forgery token) ends the session; a GET only shows the button.</summary>
internal sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminAuthentication.CookieScheme);
        return Redirect(AdminAuthentication.LoginPath);
    }
}
