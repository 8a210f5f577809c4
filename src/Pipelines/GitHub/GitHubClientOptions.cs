using System.Reflection;

namespace Pipelines.GitHub;

/// <summary>
/// How <see cref="GitHubClientFactory"/> talks to GitHub. Immutable; derive variants with the
/// <c>With*</c> methods or <c>with</c>.
/// </summary>
public sealed record GitHubClientOptions
{
    public static readonly Uri DefaultApiUrl = new("https://api.github.com");

    /// <summary>
    /// The API root. May carry a path prefix (GitHub Enterprise Server: <c>https://host/api/v3</c>);
    /// request paths are appended to it.
    /// </summary>
    public Uri ApiUrl { get; init; } = DefaultApiUrl;

    /// <summary>GitHub rejects requests without a User-Agent.</summary>
    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>Per attempt, including reading the body; a read that times out is retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public GitHubRetryOptions Retry { get; init; } = GitHubRetryOptions.Default;

    /// <summary>Every wait (retry delays, timeouts, Retry-After arithmetic) goes through this.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Returns values in [0, 1) for retry jitter; must be thread-safe.</summary>
    public Func<double> Randomizer { get; init; } = Random.Shared.NextDouble;

    /// <summary>A response body larger than this fails the call instead of filling memory.</summary>
    public long MaxResponseBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Listing stops with an error past this many pages rather than truncating silently.</summary>
    public int MaxPages { get; init; } = 50;

    /// <summary>Called before each retry (for progress output); never receives a token.</summary>
    public Action<GitHubRetryNotice>? OnRetry { get; init; }

    public GitHubClientOptions WithApiUrl(Uri apiUrl) => this with { ApiUrl = apiUrl };

    public GitHubClientOptions WithRequestTimeout(TimeSpan timeout) => this with { RequestTimeout = timeout };

    public GitHubClientOptions WithRetry(GitHubRetryOptions retry) => this with { Retry = retry };

    public GitHubClientOptions WithTimeProvider(TimeProvider timeProvider) => this with { TimeProvider = timeProvider };

    public GitHubClientOptions WithRandomizer(Func<double> randomizer) => this with { Randomizer = randomizer };

    public GitHubClientOptions WithMaxResponseBytes(long maxResponseBytes) => this with { MaxResponseBytes = maxResponseBytes };

    public GitHubClientOptions WithOnRetry(Action<GitHubRetryNotice>? onRetry) => this with { OnRetry = onRetry };

    internal void Validate()
    {
        if (!ApiUrl.IsAbsoluteUri || (ApiUrl.Scheme != Uri.UriSchemeHttps && ApiUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"GitHub API URL '{ApiUrl}' must be an absolute http(s) URL", nameof(ApiUrl));
        }

        if (!string.IsNullOrEmpty(ApiUrl.Query) || !string.IsNullOrEmpty(ApiUrl.Fragment) || !string.IsNullOrEmpty(ApiUrl.UserInfo))
        {
            throw new ArgumentException("GitHub API URL must not carry a query, fragment or user info", nameof(ApiUrl));
        }

        if (string.IsNullOrWhiteSpace(UserAgent) || UserAgent.Any(char.IsControl))
        {
            throw new ArgumentException("User-Agent must be non-blank printable text", nameof(UserAgent));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "must be positive");
        }

        if (MaxResponseBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "must be positive");
        }

        if (MaxPages <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPages), MaxPages, "must be positive");
        }

        Retry.Validate();
    }

    private static string DefaultUserAgent
    {
        get
        {
            var version = typeof(GitHubClientOptions).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return $"pipelines/{(plus > 0 ? version[..plus] : version)}";
        }
    }
}

/// <summary>Retries for reads (GET). Writes are never retried: the caller re-reads instead.</summary>
/// <param name="MaxAttempts">Total attempts including the first; 1 disables retries.</param>
/// <param name="BaseDelay">First backoff delay; later ones grow exponentially, with jitter.</param>
/// <param name="MaxDelay">Caps every delay, including those GitHub asks for (Retry-After, x-ratelimit-reset).</param>
public sealed record GitHubRetryOptions(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static GitHubRetryOptions Default { get; } = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public static GitHubRetryOptions None { get; } = new(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public GitHubRetryOptions WithMaxAttempts(int maxAttempts) => this with { MaxAttempts = maxAttempts };

    public GitHubRetryOptions WithBaseDelay(TimeSpan baseDelay) => this with { BaseDelay = baseDelay };

    public GitHubRetryOptions WithMaxDelay(TimeSpan maxDelay) => this with { MaxDelay = maxDelay };

    internal void Validate()
    {
        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be between 1 and 100");
        }

        if (BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "delays must be positive and MaxDelay >= BaseDelay");
        }
    }
}

/// <summary>One retry about to happen: which call, which attempt failed, why, and how long until the next.</summary>
public sealed record GitHubRetryNotice(string Operation, int FailedAttempt, TimeSpan Delay, string Reason);
