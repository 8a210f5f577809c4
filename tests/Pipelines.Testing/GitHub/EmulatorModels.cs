namespace Pipelines.Testing.GitHub;

/// <summary>A snapshot of an issue or pull request (pull requests are issues too, as on GitHub).</summary>
public sealed record EmulatedIssue(
    int Number,
    string Title,
    string Body,
    string State,
    IReadOnlyList<string> Labels,
    bool IsPullRequest,
    string HtmlUrl,
    string? Author);

public sealed record EmulatedComment(long Id, int IssueNumber, string Body, string HtmlUrl, string? Author, DateTimeOffset Created);

public sealed record EmulatedPullRequest(int Number, string Title, string Body, string Head, string Base, string State, string HtmlUrl, string? Author);

/// <summary>
/// One movement of a branch, through the API or a test helper: creation (Old null), update,
/// or deletion (New null). <see cref="TokenName"/> is null for helper calls.
/// </summary>
public sealed record RefChange(string Branch, string? OldSha, string? NewSha, bool Forced, string? TokenName, DateTimeOffset Time);

/// <summary>How head relates to base in the commit graph, as the compare API reports it.</summary>
public sealed record GraphComparison(string Status, int AheadBy, int BehindBy, string? MergeBase);
