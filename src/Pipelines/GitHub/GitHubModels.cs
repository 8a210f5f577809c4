namespace Pipelines.GitHub;

/// <summary>How <c>head</c> relates to <c>base</c>, as GitHub's compare API reports it.</summary>
public enum CommitRelation
{
    Identical,
    /// <summary>head descends from base: a fast-forward from base to head is possible.</summary>
    Ahead,
    Behind,
    Diverged,
}

public sealed record Comparison(CommitRelation Relation, int AheadBy, int BehindBy);

/// <param name="AuthorLogin">The comment's <c>user.login</c>: who wrote it (null when GitHub did not say).</param>
public sealed record IssueComment(long Id, string Body, string HtmlUrl, string? AuthorLogin = null);

/// <summary>One ref of GitHub's GraphQL <c>updateRefs</c>; a null SHA is the all-zero OID (must not exist / delete).</summary>
/// <param name="Branch">The branch name, without <c>refs/heads/</c>.</param>
/// <param name="BeforeSha">The update applies only if the branch points here now (null: only if it does not exist).</param>
/// <param name="AfterSha">Where the branch points after (null: delete it).</param>
/// <param name="Force">Allow a non-fast-forward move.</param>
public sealed record RefUpdate(string Branch, string? BeforeSha, string? AfterSha, bool Force);

/// <param name="AuthorLogin">The issue's <c>user.login</c>: who opened it (null when GitHub did not say).</param>
public sealed record Issue(int Number, string Title, string Body, string State, string HtmlUrl, IReadOnlyList<string> Labels, string? AuthorLogin = null);

public sealed record PullRequest(int Number, string Title, string State, string HtmlUrl, string HeadRef, string BaseRef);

/// <summary>A file read through the contents API; <see cref="BlobSha"/> is needed to update it.</summary>
public sealed record RepositoryFile(string Path, string BlobSha, string Content);
