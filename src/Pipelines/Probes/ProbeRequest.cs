using System.Net.Http.Headers;

namespace Pipelines.Probes;

internal static class ProbeRequest
{
    /// <summary>A GET that asks caches between us and staging for a fresh answer: a cached /version would prove an old deploy.</summary>
    public static HttpRequestMessage Get(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        return request;
    }
}
