using System.Net;
using Microsoft.Extensions.Time.Testing;
using Pipelines.Configuration;
using Pipelines.Probes;
using static Pipelines.Tests.Probes.ScriptedHandler;

namespace Pipelines.Tests.Probes;

public sealed class HealthWaiterTests
{
    private static readonly Uri Url = new("https://bs.staging.example/healthcheck");
    private static readonly PollSettings Poll = new(
        Timeout: TimeSpan.FromSeconds(30), Interval: TimeSpan.FromSeconds(5), RequestTimeout: TimeSpan.FromSeconds(10));
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly DrivenClock _clock = new();

    [Fact]
    public async Task Passes_on_the_first_200_without_waiting()
    {
        var handler = InOrder(_clock, Status(HttpStatusCode.OK));

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.True(result.Passed);
        Assert.Equal("200 after 1 attempt in 0.0s", result.Detail);
        Assert.Equal(TimeSpan.Zero, result.Elapsed);
    }

    [Fact]
    public async Task Keeps_polling_through_503s_until_200_at_the_interval()
    {
        var handler = InOrder(_clock,
            Status(HttpStatusCode.ServiceUnavailable), Status(HttpStatusCode.ServiceUnavailable),
            Status(HttpStatusCode.ServiceUnavailable), Status(HttpStatusCode.OK));

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.True(result.Passed);
        Assert.Equal("200 after 4 attempts in 15.0s", result.Detail);
        Assert.Equal([Seconds(0), Seconds(5), Seconds(10), Seconds(15)], handler.RequestTimes);
    }

    [Fact]
    public async Task Says_it_timed_out_naming_the_elapsed_time_the_url_the_attempts_and_the_last_status()
    {
        var handler = InOrder(_clock, Status(HttpStatusCode.BadGateway), Status(HttpStatusCode.ServiceUnavailable));

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.False(result.Passed);
        Assert.Equal(
            "timed out after 30.0s waiting for 200 from https://bs.staging.example/healthcheck (7 attempts; last: HTTP 503 Service Unavailable)",
            result.Detail);
        Assert.Equal(Seconds(30), result.Elapsed);
        Assert.Equal(Seconds(30), handler.RequestTimes[^1]);
    }

    [Fact]
    public async Task Connection_refused_counts_as_not_ready_yet()
    {
        var handler = InOrder(_clock, Refused(), Refused(), Status(HttpStatusCode.OK));

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.True(result.Passed);
        Assert.Equal("200 after 3 attempts in 10.0s", result.Detail);
    }

    [Fact]
    public async Task A_service_that_keeps_refusing_fails_with_connection_refused()
    {
        var handler = InOrder(_clock, Refused());

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.False(result.Passed);
        Assert.EndsWith("last: connection refused)", result.Detail);
        Assert.Contains(Url.ToString(), result.Detail);
    }

    [Fact]
    public async Task A_dns_failure_counts_as_not_ready_yet()
    {
        var handler = InOrder(_clock, DnsFailure(), Status(HttpStatusCode.OK));

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.True(result.Passed);
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task A_dns_failure_until_the_deadline_is_named_in_the_detail()
    {
        var handler = InOrder(_clock, DnsFailure());

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.EndsWith("last: DNS lookup failed)", result.Detail);
    }

    [Fact]
    public async Task A_request_that_hangs_is_cut_at_the_request_timeout_and_polling_goes_on()
    {
        var handler = InOrder(_clock, Hang(), Status(HttpStatusCode.OK));

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.True(result.Passed);
        // The first request is given up after request-timeout (10s), then the interval (5s) passes.
        Assert.Equal([Seconds(0), Seconds(15)], handler.RequestTimes);
    }

    [Fact]
    public async Task Hanging_until_the_deadline_reports_the_request_timeout()
    {
        var handler = InOrder(_clock, Hang());

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.False(result.Passed);
        Assert.EndsWith("last: no response within 10s)", result.Detail);
        // Attempts start until the deadline (0s, 15s, 30s); the last one gets its full request timeout.
        Assert.Equal([Seconds(0), Seconds(15), Seconds(30)], handler.RequestTimes);
        Assert.Equal(Seconds(40), result.Elapsed);
    }

    [Theory]
    [InlineData(0.8, 4)]
    [InlineData(1.2, 6)]
    public async Task Waits_the_interval_as_spread_by_the_jitter(double factor, int expectedSeconds)
    {
        var jitter = new FixedJitter(factor);
        var handler = InOrder(_clock,
            Status(HttpStatusCode.ServiceUnavailable), Status(HttpStatusCode.ServiceUnavailable), Status(HttpStatusCode.OK));

        var result = await _clock.RunUntilDone(() => Waiter(handler, jitter).WaitUntilHealthyAsync(Url, Poll, CancellationToken.None), Step);

        Assert.True(result.Passed);
        Assert.Equal([Seconds(0), Seconds(expectedSeconds), Seconds(2 * expectedSeconds)], handler.RequestTimes);
        Assert.All(jitter.Requested, interval => Assert.Equal(Poll.Interval, interval));
    }

    [Fact]
    public async Task The_last_wait_is_cut_short_so_an_attempt_lands_on_the_deadline()
    {
        var handler = InOrder(_clock, Status(HttpStatusCode.ServiceUnavailable));
        var poll = Poll with { Interval = TimeSpan.FromSeconds(20) };

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(Url, poll, CancellationToken.None), Step);

        Assert.False(result.Passed);
        Assert.Equal([Seconds(0), Seconds(20), Seconds(30)], handler.RequestTimes);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_with_an_exception()
    {
        var handler = InOrder(_clock, Status(HttpStatusCode.ServiceUnavailable));
        using var cancellation = new CancellationTokenSource();
        // Started on the thread pool (no test SynchronizationContext) so the second attempt runs
        // inline when the clock moves, and has parked on its next wait before the cancellation.
        var waiting = await Task.Factory.StartNew(
            () =>
            {
                var started = Waiter(handler).WaitUntilHealthyAsync(Url, Poll, cancellation.Token);
                _clock.AdvanceAndSettle(started, Seconds(5));
                return started;
            },
            CancellationToken.None,
            TaskCreationOptions.None,
            TaskScheduler.Default);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task The_detail_never_shows_credentials_in_the_url()
    {
        var handler = InOrder(_clock, Status(HttpStatusCode.ServiceUnavailable));
        var url = new Uri("https://deploy:hunter22@bs.staging.example/healthcheck");

        var result = await _clock.RunUntilDone(() => Waiter(handler).WaitUntilHealthyAsync(url, Poll, CancellationToken.None), Step);

        Assert.DoesNotContain("hunter22", result.Detail);
        Assert.Contains("waiting for 200 from https://bs.staging.example/healthcheck (", result.Detail);
    }

    [Theory]
    [InlineData("ftp://bs.staging.example/healthcheck")]
    [InlineData("file:///etc/passwd")]
    public async Task Refuses_a_url_that_is_not_http(string url)
    {
        var handler = InOrder(_clock, Status(HttpStatusCode.OK));

        await Assert.ThrowsAsync<ArgumentException>(() => Waiter(handler).WaitUntilHealthyAsync(new Uri(url), Poll, CancellationToken.None));
        Assert.Equal(0, handler.Requests);
    }

    private HealthWaiter Waiter(ScriptedHandler handler, IJitter? jitter = null) =>
        new(handler.Client(), _clock, jitter ?? new FixedJitter(1.0));

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
}
