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

    /// <param name="pushTokenFor">The token for one repository's pushes (from its <c>push-token-env</c>).</param>
    /// <param name="apiUrl">Used to derive the web address of the audit issue (github.com for api.github.com).</param>
    public GitHubPromotionHost(IGitHubClientFactory factory, Secret readToken, Func<RepoSettings, Secret> pushTokenFor, Uri? apiUrl = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(readToken);
        ArgumentNullException.ThrowIfNull(pushTokenFor);
        _factory = factory;
        _pushTokenFor = pushTokenFor;
        _webUrl = GitHubWebUrl.FromApiUrl(apiUrl ?? GitHubClientOptions.DefaultApiUrl);
        _readClient = new Lazy<IGitHubClient>(() => factory.Create(readToken));
    }

    public GitHubPromotionHost(IGitHubClientFactory factory, Secret readToken, IReadOnlyDictionary<string, Secret> pushTokensByRepo, Uri? apiUrl = null)
        : this(factory, readToken, PushTokenLookup(pushTokensByRepo), apiUrl)
    {
    }

    public IRepositoryBranches OpenRepository(RepoSettings repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (!RepositoryId.TryParse(repo.Repo, out var id))
        {
            throw new ConfigurationException($"'{repo.Repo}' is not a GitHub repository of the form owner/name", $"promote.repos[{repo.Name}].repo");
        }

        var pushClient = _factory.Create(_pushTokenFor(repo));
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

    private static Func<RepoSettings, Secret> PushTokenLookup(IReadOnlyDictionary<string, Secret> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return repo => tokens.TryGetValue(repo.Repo, out var token)
            ? token
            : throw new ConfigurationException($"no push token for {repo.Repo}", $"promote.repos[{repo.Name}].push-token-env");
    }
}
