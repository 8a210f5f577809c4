using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Pipelines.GitHub.Http;

/// <summary>What one HTTP answer says about trying again: its status and GitHub's wait hints.</summary>
internal sealed record GitHubResponseHints(HttpStatusCode Status, TimeSpan? RetryAfter, bool RateLimitExhausted)
{
    /// <summary>Worth another attempt for a read: server errors and rate limits.</summary>
    public bool IsTransient =>
        (int)Status >= 500
        || Status == HttpStatusCode.TooManyRequests
        || (Status == HttpStatusCode.Forbidden && (RateLimitExhausted || RetryAfter is not null));

    public static GitHubResponseHints From(HttpResponseMessage response, TimeProvider time)
    {
        var exhausted = IsRateLimitExhausted(response.Headers);
        return new GitHubResponseHints(response.StatusCode, RetryAfterOf(response.Headers, exhausted, time), exhausted);
    }

    public static bool IsRateLimitExhausted(HttpResponseHeaders headers) => Header(headers, "x-ratelimit-remaining") == "0";

    /// <summary>
    /// How long GitHub asked us to wait: Retry-After (seconds or an HTTP date) first, else the
    /// primary rate limit's reset time when the remaining quota is zero.
    /// </summary>
    private static TimeSpan? RetryAfterOf(HttpResponseHeaders headers, bool rateLimitExhausted, TimeProvider time)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                return NonNegative(date - time.GetUtcNow());
            }
        }

        if (rateLimitExhausted
            && long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var epochSeconds)
            && epochSeconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return NonNegative(DateTimeOffset.FromUnixTimeSeconds(epochSeconds) - time.GetUtcNow());
        }

        return null;
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
