using Pipelines.Configuration;
using Pipelines.GitHub;
using Pipelines.LiveDeploy.Policy;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>
/// The registry and trackers on GitHub. A status change is a branch
/// <c>live-deploy/&lt;plugin&gt;-&lt;status&gt;</c> reset to the base head, the manifest's status
/// edited on it through the contents API, and a pull request; issues carry the label
/// <c>live-deploy</c> and a marker naming the plugin.
/// </summary>
public sealed class GitHubRegistryHost : IRegistryHost
{
    private static readonly PluginStatus[] Targets = [PluginStatus.Verified, PluginStatus.Experimental, PluginStatus.Deprecated];

    private readonly IGitHubClient _client;
    private readonly RepositoryId _registry;
    private readonly RegistrySettings _settings;
    private readonly string _trackerTemplate;
    private readonly TokenIdentitySource _identity;

    /// <param name="trackerRepo"><c>owner/name</c>, where <c>{plugin}</c> expands.</param>
    /// <param name="identity">The login the client's token acts as (<c>github.identity</c>); null: asked with <c>GET /user</c>, once, the first time a marker's author must be checked.</param>
    public GitHubRegistryHost(IGitHubClient client, RegistrySettings registry, string trackerRepo, string? identity = null)
    {
        _client = client;
        _identity = new TokenIdentitySource(() => client, identity);
        _settings = registry;
        _registry = RepositoryId.Parse(registry.Repo);
        _trackerTemplate = trackerRepo;
    }

    public string DisplayName => _registry.ToString();

    public async Task<ManifestSnapshot?> ReadManifestAsync(string plugin, CancellationToken cancellationToken)
    {
        var path = ManifestPath(plugin);
        var file = await _client.GetFileAsync(_registry, path, _settings.Base, cancellationToken).ConfigureAwait(false);
        return file is null ? null : new ManifestSnapshot(path, file.Content, ManifestStatusEditor.ReadStatus(file.Content));
    }

    public async Task<IReadOnlyList<StatusPullRequest>> FindOpenPullRequestsAsync(string plugin, CancellationToken cancellationToken)
    {
        var found = new List<StatusPullRequest>();
        foreach (var target in Targets)
        {
            var branch = StatusBranches.For(plugin, target);
            var pulls = await _client.ListOpenPullRequestsAsync(_registry, branch, cancellationToken).ConfigureAwait(false);
            found.AddRange(pulls
                .Where(p => p.HeadRef == branch && p.State == "open")
                .Select(p => new StatusPullRequest(p.Number, p.HtmlUrl, target, branch, p.Title)));
        }

        return found;
    }

    public async Task<InvestigationIssue?> FindOpenIssueAsync(string plugin, CancellationToken cancellationToken)
    {
        var tracker = Tracker(plugin);
        var issues = await _client.ListOpenIssuesAsync(tracker, IRegistryHost.IssueLabel, cancellationToken).ConfigureAwait(false);
        var candidates = issues
            .Where(i => i.State == "open" && RunMarker.Find(i.Body)?.Plugin == plugin)
            .OrderBy(i => i.Number)
            .ToList();
        if (candidates.Count == 0)
        {
            // No marker to check, so no need to know who we are (no GET /user).
            return null;
        }

        // Anyone can open an issue or comment starting with a marker: only our token's own entries
        // may suppress a write or count toward the consecutive reds. When the identity is unknown
        // (an App token without github.identity), the start-anchored marker alone decides, with a warning.
        var identity = await _identity.GetAsync(cancellationToken).ConfigureAwait(false);
        bool Ours(string? author) => identity.Login is not { } login || TokenIdentitySource.SameLogin(author, login);
        var issue = candidates.FirstOrDefault(i => Ours(i.AuthorLogin));
        if (issue is null)
        {
            return null;
        }

        var comments = await _client.ListIssueCommentsAsync(tracker, issue.Number, cancellationToken).ConfigureAwait(false);
        var warning = identity is { Login: null, Problem: { } problem }
            ? $"warning: run markers on {tracker}#{issue.Number} counted whoever wrote them, because {problem}"
            : null;
        return new InvestigationIssue(issue.Number, issue.HtmlUrl, issue.Title, [issue.Body, .. comments.Where(c => Ours(c.AuthorLogin)).Select(c => c.Body)], warning);
    }

    public async Task<StatusPullRequest> OpenStatusPullRequestAsync(StatusPullRequestDraft draft, CancellationToken cancellationToken)
    {
        var branch = draft.Branch;
        var baseSha = await _client.GetBranchHeadAsync(_registry, _settings.Base, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubApiException($"read {_registry} branch {_settings.Base}", System.Net.HttpStatusCode.NotFound, "the registry's base branch does not exist");

        // The branch belongs to this tool: a leftover from a closed pull request starts again from base.
        var existing = await _client.GetBranchHeadAsync(_registry, branch, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await _client.CreateBranchAsync(_registry, branch, baseSha, cancellationToken).ConfigureAwait(false);
        }
        else if (existing != baseSha)
        {
            await _client.UpdateBranchAsync(_registry, branch, baseSha, force: true, cancellationToken).ConfigureAwait(false);
        }

        var path = ManifestPath(draft.Plugin);
        var file = await _client.GetFileAsync(_registry, path, branch, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubApiException($"read {path} on {branch}", System.Net.HttpStatusCode.NotFound, "the manifest does not exist");
        var edited = ManifestStatusEditor.WithStatus(file.Content, draft.Target);
        if (edited != file.Content)
        {
            await _client.UpdateFileAsync(_registry, path, branch, edited, file.BlobSha, draft.CommitMessage, cancellationToken).ConfigureAwait(false);
        }

        var pull = await _client.CreatePullRequestAsync(_registry, draft.Title, branch, _settings.Base, draft.Body, cancellationToken).ConfigureAwait(false);
        return new StatusPullRequest(pull.Number, pull.HtmlUrl, draft.Target, branch, draft.Title);
    }

    public async Task ClosePullRequestAsync(string plugin, StatusPullRequest pullRequest, string comment, CancellationToken cancellationToken)
    {
        await _client.CreateIssueCommentAsync(_registry, pullRequest.Number, comment, cancellationToken).ConfigureAwait(false);
        await _client.CloseIssueAsync(_registry, pullRequest.Number, cancellationToken).ConfigureAwait(false);
    }

    public async Task<InvestigationIssue> OpenIssueAsync(string plugin, string title, string body, CancellationToken cancellationToken)
    {
        var issue = await _client.CreateIssueAsync(Tracker(plugin), title, body, [IRegistryHost.IssueLabel], cancellationToken).ConfigureAwait(false);
        return new InvestigationIssue(issue.Number, issue.HtmlUrl, issue.Title, [body]);
    }

    public async Task<string?> CommentOnIssueAsync(string plugin, InvestigationIssue issue, string body, CancellationToken cancellationToken)
    {
        var comment = await _client.CreateIssueCommentAsync(Tracker(plugin), issue.Number, body, cancellationToken).ConfigureAwait(false);
        return comment.HtmlUrl;
    }

    public Task CloseIssueAsync(string plugin, InvestigationIssue issue, CancellationToken cancellationToken) =>
        _client.CloseIssueAsync(Tracker(plugin), issue.Number, cancellationToken);

    private string ManifestPath(string plugin) => LiveDeploySettings.ForPlugin(_settings.Manifest, plugin);

    private RepositoryId Tracker(string plugin) => RepositoryId.Parse(LiveDeploySettings.ForPlugin(_trackerTemplate, plugin));
}
