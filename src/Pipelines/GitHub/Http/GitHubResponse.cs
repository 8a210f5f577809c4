using System.Net;

namespace Pipelines.GitHub.Http;

/// <summary>
/// One HTTP answer, fully read (within the size cap) and detached from the connection, with
/// only the headers Pipelines acts on. Request and response headers are never kept, so the
/// token cannot leak through this type.
/// </summary>
internal sealed record GitHubResponse(
    HttpStatusCode Status,
    byte[] Body,
    TimeSpan? RetryAfter,
    bool RateLimitExhausted,
    string? Link)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;

    /// <summary>Worth another attempt for a read: server errors and rate limits.</summary>
    public bool IsTransient =>
        (int)Status >= 500
        || Status == HttpStatusCode.TooManyRequests
        || (Status == HttpStatusCode.Forbidden && (RateLimitExhausted || RetryAfter is not null));

    /// <summary>True when the Link header names a next page (GitHub's pagination).</summary>
    public bool HasNextPageLink => Link is not null && Link.Contains("rel=\"next\"", StringComparison.Ordinal);
}
