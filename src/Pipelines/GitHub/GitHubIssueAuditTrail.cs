using Pipelines.Promotion;

namespace Pipelines.GitHub;

/// <summary>Audit entries as comments on one tracker issue.</summary>
internal sealed class GitHubIssueAuditTrail : IAuditTrail
{
    private readonly IGitHubClient _client;
    private readonly IssueReference _issue;

    public GitHubIssueAuditTrail(IGitHubClient client, IssueReference issue, Uri webUrl)
    {
        _client = client;
        _issue = issue;
        Location = $"{webUrl.AbsoluteUri.TrimEnd('/')}/{issue.Repository.Owner}/{issue.Repository.Name}/issues/{issue.Number}";
    }

    public string Location { get; }

    public async Task<bool> ContainsAsync(string marker, string? author, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        var comments = await _client.ListIssueCommentsAsync(_issue.Repository, _issue.Number, cancellationToken).ConfigureAwait(false);
        // Only an entry that starts with the marker is one: the marker quoted inside some other
        // comment (or inside a fenced justification) must not suppress this run's entry. With a
        // known author, only that author's comments count (GitHub logins are case-insensitive).
        return comments.Any(c =>
            c.Body.StartsWith(marker, StringComparison.Ordinal)
            && (author is null || string.Equals(c.AuthorLogin, author, StringComparison.OrdinalIgnoreCase)));
    }

    public async Task<string> AppendAsync(string markdown, CancellationToken cancellationToken)
    {
        var comment = await _client.CreateIssueCommentAsync(_issue.Repository, _issue.Number, markdown, cancellationToken).ConfigureAwait(false);
        return comment.HtmlUrl;
    }
}
