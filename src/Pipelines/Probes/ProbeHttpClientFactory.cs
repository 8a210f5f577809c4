using System.Net;

namespace Pipelines.Probes;

/// <summary>
/// Builds the one HttpClient the health and version probes share. Staging answers are untrusted:
/// redirects are bounded and followed only to http(s), never from https down to http (see
/// <see cref="BoundedRedirectHandler"/>), no cookie jar carries state from one probe to the next,
/// and compressed bodies are not inflated (so a size cap applies to what was sent).
/// </summary>
public static class ProbeHttpClientFactory
{
    public static HttpClient Create(ProbeHttpOptions? options = null)
    {
        options ??= ProbeHttpOptions.Default;
        var handler = new BoundedRedirectHandler(options.MaxRedirects, CreateHandler(options));
        var client = new HttpClient(handler, disposeHandler: true)
        {
            // Each probe sets its own per-request timeout on the injected TimeProvider; the client's
            // own 100 s default would race it on the real clock.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        return client;
    }

    internal static SocketsHttpHandler CreateHandler(ProbeHttpOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRedirects);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PooledConnectionLifetime, TimeSpan.Zero);

        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PreAuthenticate = false,
            Credentials = null,
        };
    }
}
