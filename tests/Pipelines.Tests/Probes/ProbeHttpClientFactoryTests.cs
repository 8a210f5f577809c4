using System.Net;
using Pipelines.Probes;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Probes;

/// <summary>The shared probe client against a real server: redirects bounded, no cookie jar.</summary>
public sealed class ProbeHttpClientFactoryTests : IAsyncLifetime
{
    private readonly HttpClient _http = ProbeHttpClientFactory.Create();
    private StagingServer _staging = null!;

    public async Task InitializeAsync() => _staging = await StagingServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _staging.DisposeAsync();
    }

    [Fact]
    public async Task Follows_up_to_three_redirects()
    {
        _staging.Health.RespondInOrder(
            Redirect(), Redirect(), Redirect(), StagingResponse.Ok());

        using var response = await _http.GetAsync(_staging.HealthUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, _staging.Health.Requests);
    }

    [Fact]
    public async Task Stops_at_the_fourth_redirect_and_returns_it()
    {
        _staging.Health.RespondInOrder(
            Redirect(), Redirect(), Redirect(), Redirect(), StagingResponse.Ok());

        using var response = await _http.GetAsync(_staging.HealthUrl);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(4, _staging.Health.Requests);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/version")]
    [InlineData("gopher://127.0.0.1:70/")]
    public async Task Never_follows_a_redirect_to_a_scheme_other_than_http(string location)
    {
        _staging.Health.Respond(StagingResponse.Redirect(location));

        using var response = await _http.GetAsync(_staging.HealthUrl);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(1, _staging.Health.Requests);
    }

    [Fact]
    public async Task Keeps_no_cookies_between_requests()
    {
        _staging.Health.Respond(StagingResponse.Ok().WithHeader("Set-Cookie", "session=abc123; Path=/"));

        (await _http.GetAsync(_staging.HealthUrl)).Dispose();
        (await _http.GetAsync(_staging.HealthUrl)).Dispose();

        Assert.All(_staging.Health.Received, request => Assert.False(request.Headers.ContainsKey("Cookie")));
    }

    [Fact]
    public async Task Identifies_itself()
    {
        (await _http.GetAsync(_staging.HealthUrl)).Dispose();

        Assert.Equal("pipelines-probe", _staging.Health.Received.Single().Headers["User-Agent"]);
    }

    [Fact]
    public void Leaves_timeouts_to_the_probes_and_does_not_inflate_bodies()
    {
        using var handler = ProbeHttpClientFactory.CreateHandler(ProbeHttpOptions.Default);

        Assert.Equal(Timeout.InfiniteTimeSpan, _http.Timeout);
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseCookies);
        Assert.Equal(DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.Equal(TimeSpan.FromSeconds(10), handler.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), handler.PooledConnectionLifetime);
    }

    [Fact]
    public async Task Zero_redirects_turns_following_off()
    {
        using var http = ProbeHttpClientFactory.Create(ProbeHttpOptions.Default.WithMaxRedirects(0));
        _staging.Health.RespondInOrder(Redirect(), StagingResponse.Ok());

        using var response = await http.GetAsync(_staging.HealthUrl);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    private static StagingResponse Redirect() => StagingResponse.Redirect(StagingServer.HealthPath);
}
