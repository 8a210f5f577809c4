namespace Pipelines.LiveDeploy.Fetch;

/// <summary>
/// Where git may send the GitHub token: over https to the web host of the configured GitHub
/// (<c>github.com</c> for <c>https://api.github.com</c>; the host of <c>api-url</c> for GitHub
/// Enterprise Server, whose API lives under <c>/api/v3</c> of the same host), and nowhere else.
/// A clone URL on any other host (a mirror, a fork on another forge, a typo) is cloned without it.
/// </summary>
public static class GitTokenScope
{
    /// <summary>The <c>host[:port]</c> that serves git for the GitHub whose API is at <paramref name="apiUrl"/>.</summary>
    public static string WebAuthority(Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);

        // An API at the root of an "api." host is github.com's (or GHE.com's) layout: git is served by the host without "api.".
        return apiUrl.AbsolutePath == "/" && apiUrl.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase)
            ? apiUrl.Authority["api.".Length..]
            : apiUrl.Authority;
    }

    public static bool Allows(Uri apiUrl, string cloneUrl) =>
        Uri.TryCreate(cloneUrl, UriKind.Absolute, out var url)
        && url.Scheme == Uri.UriSchemeHttps
        && url.UserInfo.Length == 0
        && string.Equals(url.Authority, WebAuthority(apiUrl), StringComparison.OrdinalIgnoreCase);
}
