using System.Net;
using System.Net.Sockets;
using Pipelines.Configuration;
using Pipelines.Probes;
using Pipelines.Testing.Staging;

namespace Pipelines.Tests.Probes;

/// <summary>
/// Against real sockets on 127.0.0.1 and the real clock. Poll timeouts are short; request timeouts
/// are generous so that a slow first request on a busy machine is not mistaken for a hung service.
/// </summary>
public sealed class HealthWaiterIntegrationTests : IAsyncLifetime
{
    private static readonly PollSettings ShortPoll = new(
        Timeout: TimeSpan.FromSeconds(1.5), Interval: TimeSpan.FromMilliseconds(50), RequestTimeout: TimeSpan.FromSeconds(20));

    private static readonly PollSettings PatientPoll = ShortPoll with { Timeout = TimeSpan.FromSeconds(60) };

    private readonly HttpClient _http = ProbeHttpClientFactory.Create();
    private StagingServer _staging = null!;

    public async Task InitializeAsync() => _staging = await StagingServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _staging.DisposeAsync();
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused_until_the_timeout()
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}/healthcheck");
        var waiter = new HealthWaiter(_http, TimeProvider.System, ProportionalJitter.Shared);

        var result = await waiter.WaitUntilHealthyAsync(url, ShortPoll, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.StartsWith("timed out after ", result.Detail);
        Assert.Contains($"waiting for 200 from {url} (", result.Detail);
        Assert.EndsWith("last: connection refused)", result.Detail);
        Assert.InRange(result.Elapsed, ShortPoll.Timeout, ShortPoll.Timeout + TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_service_that_answers_503_twice_then_200_passes_on_the_third_request()
    {
        _staging.BecomeHealthyAfter(failures: 2);
        var waiter = new HealthWaiter(_http, TimeProvider.System, ProportionalJitter.Shared);

        var result = await waiter.WaitUntilHealthyAsync(_staging.HealthUrl, PatientPoll, CancellationToken.None);

        Assert.True(result.Passed, result.Detail);
        Assert.StartsWith("200 after 3 attempts in ", result.Detail);
        Assert.Equal(3, _staging.Health.Requests);
    }

    [Fact]
    public async Task A_service_stuck_at_503_fails_with_its_status()
    {
        _staging.Health.Respond(StagingResponse.Text(503, "warming up"));
        var waiter = new HealthWaiter(_http, TimeProvider.System, ProportionalJitter.Shared);

        var result = await waiter.WaitUntilHealthyAsync(_staging.HealthUrl, ShortPoll, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.EndsWith("last: HTTP 503 Service Unavailable)", result.Detail);
        Assert.True(_staging.Health.Requests >= 2);
    }

    [Fact]
    public async Task Asks_caches_for_a_fresh_answer()
    {
        var waiter = new HealthWaiter(_http, TimeProvider.System, ProportionalJitter.Shared);

        await waiter.WaitUntilHealthyAsync(_staging.HealthUrl, PatientPoll, CancellationToken.None);

        Assert.All(_staging.Health.Received, request => Assert.Equal("no-cache", request.Headers["Cache-Control"]));
    }

    /// <summary>A loopback port nothing listens on: bound by us, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
