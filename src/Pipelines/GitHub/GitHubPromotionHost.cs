using Pipelines.Configuration;
using Pipelines.Promotion;
using Pipelines.Security;

namespace Pipelines.GitHub;

/// <summary>
/// The promote gate's host on GitHub. Reads (and the audit comment) use the read token; each
/// repository's ref writes use only that repository's push token, so a token scoped to one
/// repository can never be used against another.
/// </summary>
public sealed class GitHubPromotionHost : IPromotionHost
{
    private readonly IGitHubClientFactory _factory;
    private readonly Func<RepoSettings, Secret> _pushTokenFor;
    private readonly Uri _webUrl;
    private readonly Lazy<IGitHubClient> _readClient;
    private readonly TokenIdentitySource _identity;

    /// <param name="pushTokenFor">The token for one repository's pushes (from its <c>push-token-env</c>).</param>
    /// <param name="apiUrl">Used to derive the web address of the audit issue (github.com for api.github.com).</param>
    /// <param name="identity">The read token's login from <c>github.identity</c>; null: asked with <c>GET /user</c> when needed.</param>
    public GitHubPromotionHost(IGitHubClientFactory factory, Secret readToken, Func<RepoSettings, Secret> pushTokenFor, Uri? apiUrl = null, string? identity = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(readToken);
        ArgumentNullException.ThrowIfNull(pushTokenFor);
        _factory = factory;
        _pushTokenFor = pushTokenFor;
        _webUrl = GitHubWebUrl.FromApiUrl(apiUrl ?? GitHubClientOptions.DefaultApiUrl);
        _readClient = new Lazy<IGitHubClient>(() => factory.Create(readToken));
        _identity = new TokenIdentitySource(() => _readClient.Value, identity, "the read token");
    }

    /// <param name="pushTokens">Push tokens keyed by the repo's <c>name</c> (as in the report) or by its <c>owner/name</c>.</param>
    public GitHubPromotionHost(IGitHubClientFactory factory, Secret readToken, IReadOnlyDictionary<string, Secret> pushTokens, Uri? apiUrl = null, string? identity = null)
        : this(factory, readToken, PushTokenLookup(pushTokens), apiUrl, identity)
    {
    }

    public IRepositoryBranches OpenRepository(RepoSettings repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (!RepositoryId.TryParse(repo.Repo, out var id))
        {
            throw new ConfigurationException($"'{repo.Repo}' is not a GitHub repository of the form owner/name", $"promote.repos[{repo.Name}].repo");
        }

        // Created on the first write, so a dry run (which never writes) needs no push token.
        var pushClient = new Lazy<IGitHubClient>(() => _factory.Create(_pushTokenFor(repo)));
        return new GitHubRepositoryBranches(id, _readClient.Value, pushClient);
    }

    public IAuditTrail? OpenTracker(BypassSettings? bypass)
    {
        if (bypass is null)
        {
            return null;
        }

        if (!IssueReference.TryParse(bypass.Tracker, out var issue))
        {
            throw new ConfigurationException($"'{bypass.Tracker}' is not an issue of the form owner/name#N", "promote.bypass.tracker");
        }

        return new GitHubIssueAuditTrail(_readClient.Value, issue, _webUrl);
    }

    public TokenIdentity? KnownIdentity => _identity.Known;

    public Task<TokenIdentity> IdentityAsync(CancellationToken cancellationToken) => _identity.GetAsync(cancellationToken);

    private static Func<RepoSettings, Secret> PushTokenLookup(IReadOnlyDictionary<string, Secret> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return repo => tokens.TryGetValue(repo.Name, out var token) || tokens.TryGetValue(repo.Repo, out token)
            ? token
            : throw new ConfigurationException($"no push token for {repo.Repo}", $"promote.repos[{repo.Name}].push-token-env");
    }
}
