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

public sealed record IssueComment(long Id, string Body, string HtmlUrl);

public sealed record Issue(int Number, string Title, string Body, string State, string HtmlUrl, IReadOnlyList<string> Labels);

public sealed record PullRequest(int Number, string Title, string State, string HtmlUrl, string HeadRef, string BaseRef);

/// <summary>A file read through the contents API; <see cref="BlobSha"/> is needed to update it.</summary>
public sealed record RepositoryFile(string Path, string BlobSha, string Content);
