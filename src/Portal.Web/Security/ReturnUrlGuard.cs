namespace Portal.Web.Security;

/// <summary>Keeps post-sign-in redirects on this site (no open redirect to another host).</summary>
public static class ReturnUrlGuard
{
    public static string LocalOrRoot(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl)) return "/";
        var url = returnUrl.Trim();
        if (url.StartsWith("//") || url.StartsWith("/\\") || url.Contains("://") || url.Contains('\\') || url.Any(char.IsControl)
            || !Uri.IsWellFormedUriString(url, UriKind.Relative))
            return "/";
        return "/" + url.TrimStart('/');
    }
}
