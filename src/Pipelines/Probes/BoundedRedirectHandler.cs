using System.Net;

namespace Pipelines.Probes;

/// <summary>
/// Follows redirects for probe GETs, at most a few hops, only to http(s) and never from https down
/// to http. SocketsHttpHandler's own redirect support is not used: on .NET 10 it follows a
/// <c>Location: ftp://host/</c> by speaking HTTP to port 21, so a staging answer could point a
/// probe at any port of any host.
/// </summary>
internal sealed class BoundedRedirectHandler : DelegatingHandler
{
    // Headers that must not follow a request to another place, and the one the new URL sets itself.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Proxy-Authorization", "Host",
    };

    private readonly int _maxRedirects;

    public BoundedRedirectHandler(int maxRedirects, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRedirects);
        _maxRedirects = maxRedirects;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var current = request;
        for (var hops = 0; hops < _maxRedirects && NextHop(current, response) is { } target; hops++)
        {
            response.Dispose();
            current = Follow(current, target);
            response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <returns>Where the redirect leads, or null when this response is the answer.</returns>
    private static Uri? NextHop(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location
            || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            || request.RequestUri is not { } from)
        {
            return null;
        }

        Uri target;
        try
        {
            target = location.IsAbsoluteUri ? location : new Uri(from, location);
        }
        catch (UriFormatException)
        {
            return null;
        }

        var isHttp = target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps;
        var downgrades = from.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp;
        return isHttp && !downgrades ? target : null;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is
        HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static HttpRequestMessage Follow(HttpRequestMessage previous, Uri target)
    {
        var next = new HttpRequestMessage(previous.Method, target) { Version = previous.Version, VersionPolicy = previous.VersionPolicy };
        foreach (var header in previous.Headers.Where(h => !NotForwarded.Contains(h.Key)))
        {
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return next;
    }
}
