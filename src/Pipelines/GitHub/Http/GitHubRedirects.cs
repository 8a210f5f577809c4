using System.Net;

namespace Pipelines.GitHub.Http;

/// <summary>
/// Redirects are followed here rather than by the handler, so that the rules are ours: at most
/// three hops, http(s) only, never from https down to http, writes only on 307/308 (which keep
/// the method and body), and the token only to the origin it was meant for. GitHub redirects
/// renamed repositories within api.github.com, which keeps working.
/// </summary>
internal static class GitHubRedirects
{
    public const int MaxRedirects = 3;

    public static Uri? Target(HttpMethod method, Uri current, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        var keepsMethod = status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
        var isRedirect = keepsMethod || status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther;
        if (!isRedirect || response.Headers.Location is not { } location)
        {
            return null;
        }

        if (method != HttpMethod.Get && !keepsMethod)
        {
            return null;
        }

        Uri target;
        try
        {
            target = location.IsAbsoluteUri ? location : new Uri(current, location);
        }
        catch (UriFormatException)
        {
            return null;
        }

        var httpScheme = target.Scheme == Uri.UriSchemeHttps || target.Scheme == Uri.UriSchemeHttp;
        var downgrade = current.Scheme == Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttps;
        return httpScheme && !downgrade && string.IsNullOrEmpty(target.UserInfo) ? target : null;
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
