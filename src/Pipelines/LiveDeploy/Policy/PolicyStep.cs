namespace Pipelines.LiveDeploy.Policy;

/// <summary>Why a comment is written; it chooses the comment's wording and the result it records.</summary>
public enum CommentPurpose
{
    /// <summary>Another red, not yet enough to demote.</summary>
    RedRecorded,
    /// <summary>The red that reached demote-after: the comment links the demotion pull request.</summary>
    DemotionOpened,
    /// <summary>A green: the comment precedes closing the issue.</summary>
    Resolved,
}

/// <summary>One write the policy asks for. The executor makes each one idempotent per run.</summary>
public abstract record PolicyStep
{
    private PolicyStep()
    {
    }

    /// <summary>Open the investigation issue (its body records this red).</summary>
    public sealed record OpenIssue : PolicyStep;

    public sealed record CommentOnIssue(CommentPurpose Purpose) : PolicyStep
    {
        public RecordedResult Records => Purpose == CommentPurpose.Resolved ? RecordedResult.Green : RecordedResult.Red;
    }

    public sealed record CloseIssue : PolicyStep;

    /// <summary>Open (or reuse the already open) pull request that sets the manifest's status to <paramref name="Target"/>.</summary>
    public sealed record OpenStatusPullRequest(PluginStatus Target) : PolicyStep;

    /// <summary>Close this tool's open pull request towards <paramref name="Target"/>: the latest result contradicts it.</summary>
    public sealed record CloseStatusPullRequest(PluginStatus Target) : PolicyStep;
}
