using System.Net;
using System.Net.Sockets;

namespace Pipelines.Probes;

/// <summary>The words probes use in their one-line results.</summary>
internal static class ProbeText
{
    /// <summary>A URL fit for output: never its user-info (which may hold a credential).</summary>
    public static string Url(Uri url) =>
        url.IsAbsoluteUri ? url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped) : url.ToString();

    public static string Status(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? null : Printable.Clean(response.ReasonPhrase, 60);
        return reason is null ? $"HTTP {code}" : $"HTTP {code} {reason}";
    }

    public static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    /// <summary>A network failure in a person's words: "connection refused", "DNS lookup failed".</summary>
    public static string NetworkError(HttpRequestException exception)
    {
        var socketError = FindSocketError(exception);
        if (socketError == SocketError.ConnectionRefused)
        {
            return "connection refused";
        }

        if (socketError is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return "connection reset";
        }

        if (socketError is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData
            || exception.HttpRequestError == HttpRequestError.NameResolutionError)
        {
            return "DNS lookup failed";
        }

        return exception.HttpRequestError switch
        {
            HttpRequestError.ConnectionError when socketError is { } error => $"connection failed ({error})",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "connection closed before a complete response",
            HttpRequestError.InvalidResponse => "invalid HTTP response",
            HttpRequestError.ProxyTunnelError => "proxy tunnel failed",
            _ when socketError is { } error => $"network error ({error})",
            _ => "network error",
        };
    }

    private static SocketError? FindSocketError(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    public static void RequireHttp(Uri url, string paramName)
    {
        ArgumentNullException.ThrowIfNull(url, paramName);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A probe URL must be absolute http(s), got {Url(url)}.", paramName);
        }
    }

    public static bool IsOk(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.OK;
}
