using Pipelines.LiveDeploy.Policy;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>The dry run's writer: it writes nothing and answers with placeholders that have no URL.</summary>
public sealed class RecordingRegistryWriter : IRegistryWriter
{
    private readonly List<string> _recorded = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Recorded
    {
        get
        {
            lock (_lock)
            {
                return [.. _recorded];
            }
        }
    }

    public Task<StatusPullRequest> OpenStatusPullRequestAsync(StatusPullRequestDraft draft, CancellationToken cancellationToken)
    {
        Record($"open pull request {draft.Branch}: {draft.Title}");
        return Task.FromResult(new StatusPullRequest(0, null, draft.Target, draft.Branch, draft.Title));
    }

    public Task ClosePullRequestAsync(string plugin, StatusPullRequest pullRequest, string comment, CancellationToken cancellationToken)
    {
        Record($"close pull request #{pullRequest.Number} ({pullRequest.Branch})");
        return Task.CompletedTask;
    }

    public Task<InvestigationIssue> OpenIssueAsync(string plugin, string title, string body, CancellationToken cancellationToken)
    {
        Record($"open issue: {title}");
        return Task.FromResult(new InvestigationIssue(0, null, title, [body]));
    }

    public Task<string?> CommentOnIssueAsync(string plugin, InvestigationIssue issue, string body, CancellationToken cancellationToken)
    {
        Record($"comment on issue #{issue.Number} ({plugin})");
        return Task.FromResult<string?>(null);
    }

    public Task CloseIssueAsync(string plugin, InvestigationIssue issue, CancellationToken cancellationToken)
    {
        Record($"close issue #{issue.Number} ({plugin})");
        return Task.CompletedTask;
    }

    private void Record(string what)
    {
        lock (_lock)
        {
            _recorded.Add(what);
        }
    }
}
