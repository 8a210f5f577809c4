using System.Globalization;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pipelines.GitHub.Http;

/// <summary>
/// The two Polly pipelines every client of one factory shares. Reads: retry (exponential
/// backoff with jitter, GitHub's own wait hints first) around a per-attempt timeout. Writes: the
/// timeout only, because a write whose answer was lost may have landed; the caller re-reads.
/// </summary>
internal sealed class GitHubResilience
{
    public static readonly ResiliencePropertyKey<string> OperationKey = new("pipelines.github.operation");

    public GitHubResilience(GitHubClientOptions options)
    {
        Reads = Build(options, retry: true);
        Writes = Build(options, retry: false);
    }

    public ResiliencePipeline<HttpResponseMessage> Reads { get; }

    public ResiliencePipeline<HttpResponseMessage> Writes { get; }

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome, TimeProvider time) => outcome switch
    {
        { Exception: HttpRequestException or IOException or TimeoutRejectedException } => true,
        { Exception: null, Result: { } response } => GitHubResponseHints.From(response, time).IsTransient,
        _ => false,
    };

    private static ResiliencePipeline<HttpResponseMessage> Build(GitHubClientOptions options, bool retry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (retry && options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(RetryOptions(options));
        }

        return builder
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.RequestTimeout })
            .Build();
    }

    private static RetryStrategyOptions<HttpResponseMessage> RetryOptions(GitHubClientOptions options)
    {
        var retry = options.Retry;
        return new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = retry.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = retry.BaseDelay,
            MaxDelay = retry.MaxDelay,
            Randomizer = options.Randomizer,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, options.TimeProvider)),

            // GitHub's own hint wins over backoff, but never beyond MaxDelay: a gate must not
            // sit for an hour because a rate limit resets then. Null falls back to backoff.
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { } response && GitHubResponseHints.From(response, options.TimeProvider).RetryAfter is { } hint
                    ? hint > retry.MaxDelay ? retry.MaxDelay : hint
                    : (TimeSpan?)null),
            OnRetry = args =>
            {
                if (options.OnRetry is { } notify)
                {
                    var operation = args.Context.Properties.GetValue(OperationKey, "GitHub call");
                    notify(new GitHubRetryNotice(operation, args.AttemptNumber + 1, args.RetryDelay, Describe(args.Outcome, options)));
                }

                return ValueTask.CompletedTask;
            },
        };
    }

    public static string Describe(Outcome<HttpResponseMessage> outcome, GitHubClientOptions options) => outcome switch
    {
        { Exception: TimeoutRejectedException } => $"timed out after {Format(options.RequestTimeout)}",
        { Exception: HttpRequestException e } => $"network error: {DescribeNetworkError(e)}",
        { Exception: IOException } => "network error: connection reset",
        { Exception: { } e } => e.GetType().Name,
        { Result: { } r } => GitHubResponseHints.IsRateLimitExhausted(r.Headers) ? $"HTTP {(int)r.StatusCode} rate limit exhausted" : $"HTTP {(int)r.StatusCode}",
        _ => "unknown",
    };

    public static string DescribeNetworkError(HttpRequestException exception)
    {
        var socket = exception.InnerException as System.Net.Sockets.SocketException;
        return socket is null
            ? exception.HttpRequestError.ToString()
            : $"{exception.HttpRequestError} ({socket.SocketErrorCode})";
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
}
