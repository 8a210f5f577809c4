using Pipelines.Configuration;

namespace Pipelines.Probes;

/// <summary>
/// Polls a staging health URL until it answers 200 or <see cref="PollSettings.Timeout"/> has passed.
/// Connection refused, DNS failures, request timeouts and any status other than 200 all mean
/// "not ready yet": a service being deployed goes through each of them. Attempts start until the
/// deadline (the last one exactly at it), and each gets its full request timeout, so the whole wait
/// lasts at most <c>timeout + request-timeout</c>.
/// </summary>
public sealed class HealthWaiter : IHealthWaiter
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly IJitter _jitter;

    public HealthWaiter(HttpClient http, TimeProvider timeProvider, IJitter jitter)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(jitter);
        _http = http;
        _time = timeProvider;
        _jitter = jitter;
    }

    public async Task<ProbeResult> WaitUntilHealthyAsync(Uri url, PollSettings poll, CancellationToken cancellationToken)
    {
        ProbeText.RequireHttp(url, nameof(url));
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(poll.Timeout, TimeSpan.Zero, nameof(poll));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(poll.Interval, TimeSpan.Zero, nameof(poll));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(poll.RequestTimeout, TimeSpan.Zero, nameof(poll));

        var started = _time.GetTimestamp();
        var attempts = 0;
        while (true)
        {
            attempts++;
            var notReady = await ProbeOnceAsync(url, poll.RequestTimeout, cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started);
            if (notReady is null)
            {
                return ProbeResult.Pass(
                    $"200 after {ProbeText.Attempts(attempts)} in {DurationText.Elapsed(elapsed)}", elapsed);
            }

            var remaining = poll.Timeout - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                // Says that the poll gave up and on what: a person reads "timed out", not a verdict on the service.
                return ProbeResult.Fail(
                    $"timed out after {DurationText.Elapsed(elapsed)} waiting for 200 from {ProbeText.Url(url)} " +
                    $"({ProbeText.Attempts(attempts)}; last: {notReady})",
                    elapsed);
            }

            var delay = _jitter.Apply(poll.Interval);
            delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > remaining ? remaining : delay;
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>Null when the service answered 200; otherwise what was seen instead.</returns>
    private async Task<string?> ProbeOnceAsync(Uri url, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(requestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = ProbeRequest.Get(url);
            using var response = await _http
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            return ProbeText.IsOk(response) ? null : ProbeText.Status(response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return timeout.IsCancellationRequested
                ? $"no response within {DurationText.Setting(requestTimeout)}"
                : "connection attempt timed out";
        }
        catch (HttpRequestException exception)
        {
            return ProbeText.NetworkError(exception);
        }
    }
}
