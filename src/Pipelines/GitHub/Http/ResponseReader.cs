using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Pipelines.GitHub.Http;

/// <summary>Turns an <see cref="HttpResponseMessage"/> into a <see cref="GitHubResponse"/>, reading at most a cap.</summary>
internal static class ResponseReader
{
    public static async Task<GitHubResponse> ReadAsync(
        HttpResponseMessage response, long maxBytes, TimeProvider time, string operation, CancellationToken cancellationToken)
    {
        var body = await ReadCappedAsync(response, maxBytes, operation, cancellationToken).ConfigureAwait(false);
        var rateLimitExhausted = Header(response.Headers, "x-ratelimit-remaining") == "0";
        return new GitHubResponse(
            response.StatusCode,
            body,
            RetryAfter(response.Headers, rateLimitExhausted, time),
            rateLimitExhausted,
            Header(response.Headers, "Link"));
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long maxBytes, string operation, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(operation, response.StatusCode, maxBytes);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(operation, response.StatusCode, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static GitHubApiException TooLarge(string operation, HttpStatusCode status, long maxBytes) =>
        new(operation, status, $"response too large (over {maxBytes} bytes)");

    /// <summary>
    /// How long GitHub asked us to wait: Retry-After (seconds or an HTTP date) first, else the
    /// primary rate limit's reset time when the remaining quota is zero.
    /// </summary>
    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, bool rateLimitExhausted, TimeProvider time)
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
