using System.Net;
using Microsoft.Extensions.Time.Testing;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Probes;

/// <summary>The scripted behaviours of the test staging server that other tests rely on.</summary>
public sealed class StagingServerTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private StagingServer _staging = null!;

    public async Task InitializeAsync() => _staging = await StagingServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _staging.DisposeAsync();
    }

    [Fact]
    public async Task Listens_on_loopback_only()
    {
        Assert.Equal("127.0.0.1", _staging.BaseUrl.Host);
        Assert.NotEqual(0, _staging.BaseUrl.Port);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(_staging.HealthUrl)).StatusCode);
    }

    [Fact]
    public async Task Becomes_healthy_when_the_given_clock_reaches_the_given_time()
    {
        var clock = new FakeTimeProvider();
        _staging.BecomeHealthyAt(clock.GetUtcNow().AddMinutes(2), clock);

        var before = (await _http.GetAsync(_staging.HealthUrl)).StatusCode;
        clock.Advance(TimeSpan.FromMinutes(2));
        var after = (await _http.GetAsync(_staging.HealthUrl)).StatusCode;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task Serves_a_commit_at_a_nested_field()
    {
        _staging.ServeCommit("abc123", "build.commit.sha");

        var body = await _http.GetStringAsync(_staging.VersionUrl);

        Assert.Equal("""{"build":{"commit":{"sha":"abc123"}}}""", body);
    }

    [Fact]
    public async Task Answers_in_order_counting_from_when_it_was_scripted()
    {
        (await _http.GetAsync(_staging.HealthUrl)).Dispose();
        _staging.BecomeHealthyAfter(failures: 1, status: 502);

        var first = (await _http.GetAsync(_staging.HealthUrl)).StatusCode;
        var second = (await _http.GetAsync(_staging.HealthUrl)).StatusCode;
        var third = (await _http.GetAsync(_staging.HealthUrl)).StatusCode;

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.OK, HttpStatusCode.OK], [first, second, third]);
        Assert.Equal(4, _staging.Health.Requests);
    }
}
