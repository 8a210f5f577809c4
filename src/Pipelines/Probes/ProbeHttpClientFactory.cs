using System.Net;
using System.Net.Sockets;

namespace Pipelines.Probes;

/// <summary>
/// Builds the one HttpClient the health and version probes share. Staging answers are untrusted:
/// redirects are bounded and followed only within the configured origin (see
/// <see cref="BoundedRedirectHandler"/>), no connection is made to a link-local or cloud metadata
/// address (<see cref="ProbeAddressRule"/>), no cookie jar carries state from one probe to the
/// next, and compressed bodies are not inflated (so a size cap applies to what was sent).
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
            ConnectCallback = ConnectAsync,
        };
    }

    // The address check sits where the connection is made, after DNS: a hostname that resolves
    // to a metadata address is refused as surely as the literal address.
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ProbeAddressRule.ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
