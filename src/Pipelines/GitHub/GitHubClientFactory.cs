using Octokit;
using Octokit.Internal;
using Pipelines.GitHub.Http;
using Pipelines.Security;

namespace Pipelines.GitHub;

/// <summary>
/// Creates <see cref="IGitHubClient"/>s bound to one token each. Each is an Octokit
/// <see cref="Connection"/> with the token as its credentials; all of them send through one
/// <see cref="GitHubHandler"/> (resilience, caps, redirects, token origin) over one connection
/// pool. Create one factory per process.
/// </summary>
public sealed class GitHubClientFactory : IGitHubClientFactory, IDisposable
{
    private static readonly ProductHeaderValue Product = new("pipelines");

    private readonly GitHubClientOptions _options;
    private readonly bool _ownsInner;
    private readonly GitHubCallScope _scope = new();
    private readonly GitHubHandler _handler;
    private readonly StrictJsonSerializer _serializer = new();

    /// <summary>A factory with its own <see cref="SocketsHttpHandler"/> (see <see cref="CreateHandler"/>).</summary>
    public GitHubClientFactory(GitHubClientOptions options)
        : this(options, CreateHandler(), ownsInner: true)
    {
    }

    /// <summary>A factory over a caller's handler (shared across factories, or a test double); the caller disposes it.</summary>
    public GitHubClientFactory(GitHubClientOptions options, HttpMessageHandler handler)
        : this(options, handler ?? throw new ArgumentNullException(nameof(handler)), ownsInner: false)
    {
    }

    private GitHubClientFactory(GitHubClientOptions options, HttpMessageHandler inner, bool ownsInner)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _ownsInner = ownsInner;
        _handler = new GitHubHandler(inner, options, _scope);
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

        // Octokit wraps the handler in an HttpClient of its own per adapter; the shared handler
        // is never disposed through it (the adapter is never disposed), only by this factory.
        var http = new HttpClientAdapter(() => _handler);
        http.SetRequestTimeout(Timeout.InfiniteTimeSpan); // Polly owns timeouts, per attempt
        var connection = new Connection(
            Product,
            BaseAddress(_options.ApiUrl),
            new InMemoryCredentialStore(new Credentials(value, AuthenticationType.Bearer)),
            http,
            _serializer);
        return new OctokitGitHubClient(new GitHubConnection(connection, _scope), _options, token);
    }

    /// <summary>Disposes the handler stack (and the inner handler, unless the caller supplied it).</summary>
    public void Dispose()
    {
        // A DelegatingHandler disposes its inner handler too, which only this factory's own may be.
        if (_ownsInner)
        {
            _handler.Dispose();
        }
    }

    // Octokit resolves relative paths against this, so a GHES prefix needs its trailing slash.
    private static Uri BaseAddress(Uri apiUrl) =>
        apiUrl.AbsolutePath.EndsWith('/') ? apiUrl : new Uri(apiUrl.GetLeftPart(UriPartial.Path) + "/");
}
