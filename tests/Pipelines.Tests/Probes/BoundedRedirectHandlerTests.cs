using System.Net;
using Pipelines.Probes;

namespace Pipelines.Tests.Probes;

/// <summary>Redirect rules that a plain-HTTP loopback server cannot show (https hops), with a recording inner handler.</summary>
public sealed class BoundedRedirectHandlerTests
{
    [Fact]
    public async Task Never_follows_from_https_down_to_http()
    {
        var inner = new RecordingHandler(_ => Redirect("http://staging.example/version"));
        using var client = new HttpClient(new BoundedRedirectHandler(3, inner));

        using var response = await client.GetAsync("https://staging.example/version");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(["https://staging.example/version"], inner.Urls);
    }

    [Fact]
    public async Task Follows_from_http_up_to_https_and_resolves_relative_locations()
    {
        var inner = new RecordingHandler(request => request.RequestUri!.AbsolutePath switch
        {
            "/a" => Redirect("https://staging.example/b"),
            "/b" => Redirect("c?x=1"),
            _ => new HttpResponseMessage(HttpStatusCode.OK),
        });
        using var client = new HttpClient(new BoundedRedirectHandler(3, inner));

        using var response = await client.GetAsync("http://staging.example/a");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["http://staging.example/a", "https://staging.example/b", "https://staging.example/c?x=1"], inner.Urls);
    }

    [Fact]
    public async Task Does_not_carry_credentials_or_cookies_to_the_next_hop()
    {
        var inner = new RecordingHandler(request => request.RequestUri!.AbsolutePath == "/a"
            ? Redirect("https://staging.example/b")
            : new HttpResponseMessage(HttpStatusCode.OK));
        using var client = new HttpClient(new BoundedRedirectHandler(3, inner));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://staging.example/a");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer abcd");
        request.Headers.TryAddWithoutValidation("Cookie", "s=1");
        request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");

        using var response = await client.SendAsync(request);

        var second = inner.Requests[1];
        Assert.False(second.Headers.Contains("Authorization"));
        Assert.False(second.Headers.Contains("Cookie"));
        Assert.True(second.Headers.CacheControl!.NoCache);
    }

    [Fact]
    public async Task A_redirect_without_a_location_is_the_answer()
    {
        var inner = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.Found));
        using var client = new HttpClient(new BoundedRedirectHandler(3, inner));

        using var response = await client.GetAsync("https://staging.example/version");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(inner.Urls);
    }

    private static HttpResponseMessage Redirect(string location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Found);
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        return response;
    }

    private sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public IEnumerable<string> Urls => Requests.Select(r => r.RequestUri!.ToString());

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }
}
