using System.Net;

namespace Pipelines.Probes;

/// <summary>
/// Follows redirects for probe GETs, at most a few hops, only within the origin of the configured
/// URL (or its https upgrade: http://host to https://host on the default ports). A staging answer
/// must not point a probe at another service and have its answer quoted in the report: a 3xx to
/// anywhere else is the answer. SocketsHttpHandler's own redirect support is not used: on .NET 10
/// it follows a <c>Location: ftp://host/</c> by speaking HTTP to port 21.
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
        for (var hops = 0; hops < _maxRedirects && NextHop(request.RequestUri, current, response) is { } target; hops++)
        {
            response.Dispose();
            current = Follow(current, target);
            response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <returns>Where the redirect leads, or null when this response is the answer.</returns>
    private static Uri? NextHop(Uri? configured, HttpRequestMessage request, HttpResponseMessage response)
    {
        if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location
            || (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            || request.RequestUri is not { } from || configured is null)
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

        return WithinOrigin(configured, target) && !(from.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp) ? target : null;
    }

    /// <summary>Same scheme, host and port as the configured URL, or the https upgrade of an http origin on the default ports.</summary>
    internal static bool WithinOrigin(Uri configured, Uri target)
    {
        if (!string.Equals(configured.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var sameOrigin = configured.Scheme == target.Scheme && configured.Port == target.Port;
        var upgrade = configured.Scheme == Uri.UriSchemeHttp && configured.IsDefaultPort
            && target.Scheme == Uri.UriSchemeHttps && target.IsDefaultPort;
        return (sameOrigin && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps)) || upgrade;
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
