using Pipelines.GitHub.Http;
using Pipelines.Security;

namespace Pipelines.GitHub;

/// <summary>
/// Creates <see cref="IGitHubClient"/>s bound to one token each, all sharing one connection
/// pool and one pair of resilience pipelines. Create one factory per process.
/// </summary>
public sealed class GitHubClientFactory : IGitHubClientFactory, IDisposable
{
    private readonly HttpClient _http;
    private readonly GitHubClientOptions _options;
    private readonly GitHubResilience _resilience;

    /// <summary>A factory with its own <see cref="SocketsHttpHandler"/> (see <see cref="CreateHandler"/>).</summary>
    public GitHubClientFactory(GitHubClientOptions options)
        : this(options, new HttpClient(CreateHandler(), disposeHandler: true))
    {
    }

    /// <summary>A factory over a caller's handler (shared across factories, or a test double); the caller disposes it.</summary>
    public GitHubClientFactory(GitHubClientOptions options, HttpMessageHandler handler)
        : this(options, new HttpClient(handler ?? throw new ArgumentNullException(nameof(handler)), disposeHandler: false))
    {
    }

    private GitHubClientFactory(GitHubClientOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _http = http;

        // Polly owns timeouts (per attempt, through the injected TimeProvider).
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _resilience = new GitHubResilience(options);
    }

    public GitHubClientOptions Options => _options;

    /// <summary>
    /// The handler GitHub traffic should use: no automatic redirects (the client follows at most
    /// three itself, http(s) only, token kept to the same origin), no cookies, pooled connections
    /// recycled so DNS changes are seen. Share one per process.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    };

    public IGitHubClient Create(Secret token)
    {
        ArgumentNullException.ThrowIfNull(token);

        // The value becomes an HTTP header: reject what would break or inject into it. The
        // message names the variable, never the value.
        var value = token.Reveal();
        if (value.Length == 0 || value.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException($"the GitHub token in {token.Name} is empty or holds characters a token cannot contain", nameof(token));
        }

        return new HttpGitHubClient(_http, _options, _resilience, token);
    }

    /// <summary>Disposes the factory's HttpClient (and its handler, unless the caller supplied it).</summary>
    public void Dispose() => _http.Dispose();
}
