namespace Pipelines.LiveDeploy.Policy;

/// <summary>The result of a validation as the policy sees it: a leaked teardown is a red.</summary>
public enum PolicyVerdict
{
    Green,
    Red,
}

/// <summary>
/// The status policy (hysteresis) as a pure function of the state GitHub holds: the manifest's
/// status, the open investigation issue and the results it recorded, and this tool's open pull
/// requests. A plugin is promoted on a green, investigated on its first red while verified, and
/// demoted only after <c>demote-after</c> consecutive reds; <c>deprecated</c> is never promoted.
/// </summary>
public static class StatusPolicy
{
    /// <param name="openIssue">The open investigation issue as it stood before this run, or null.</param>
    /// <param name="openPullRequests">Targets of this tool's open status pull requests, before this run.</param>
    public static PolicyDecision Decide(
        PolicyVerdict verdict,
        PluginStatus status,
        IssueHistory? openIssue,
        IReadOnlySet<PluginStatus> openPullRequests,
        int demoteAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(demoteAfter, 1);
        if (status == PluginStatus.Unknown)
        {
            return PolicyDecision.Nothing("the manifest has no status this tool knows, so nothing is changed");
        }

        return verdict == PolicyVerdict.Green
            ? Green(status, openIssue, openPullRequests)
            : Red(status, openIssue, openPullRequests, demoteAfter);
    }

    private static PolicyDecision Green(PluginStatus status, IssueHistory? openIssue, IReadOnlySet<PluginStatus> openPullRequests)
    {
        var steps = new List<PolicyStep>();
        var action = ReportAction.None;
        string reason;
        if (status == PluginStatus.Experimental)
        {
            steps.Add(new PolicyStep.OpenStatusPullRequest(PluginStatus.Verified));
            action = ReportAction.PromotePr;
            reason = "green while experimental: promote to verified";
        }
        else if (status == PluginStatus.Deprecated)
        {
            reason = "green, but deprecated plugins are never promoted";
        }
        else
        {
            reason = "green while verified";
        }

        if (openPullRequests.Contains(PluginStatus.Experimental))
        {
            steps.Add(new PolicyStep.CloseStatusPullRequest(PluginStatus.Experimental));
        }

        if (openIssue is not null)
        {
            steps.Add(new PolicyStep.CommentOnIssue(CommentPurpose.Resolved));
            steps.Add(new PolicyStep.CloseIssue());
            action = action == ReportAction.None ? ReportAction.IssueClosed : action;
            reason += "; the investigation is resolved";
        }

        return new PolicyDecision(action, steps, reason);
    }

    private static PolicyDecision Red(PluginStatus status, IssueHistory? openIssue, IReadOnlySet<PluginStatus> openPullRequests, int demoteAfter)
    {
        var steps = new List<PolicyStep>();
        if (openPullRequests.Contains(PluginStatus.Verified))
        {
            steps.Add(new PolicyStep.CloseStatusPullRequest(PluginStatus.Verified));
        }

        if (status != PluginStatus.Verified)
        {
            if (openIssue is null)
            {
                return new PolicyDecision(ReportAction.None, steps, $"red while {status.Word()}: recorded in the report only");
            }

            steps.Add(new PolicyStep.CommentOnIssue(CommentPurpose.RedRecorded));
            return new PolicyDecision(ReportAction.IssueCommented, steps, $"red while {status.Word()}: noted on the open investigation");
        }

        // This red's number in the current run of reds: 1 when no issue is open yet.
        var redNumber = (openIssue?.ConsecutiveReds ?? 0) + 1;
        var demote = redNumber >= demoteAfter;
        if (openIssue is null)
        {
            steps.Add(new PolicyStep.OpenIssue());
        }

        if (!demote)
        {
            if (openIssue is not null)
            {
                steps.Add(new PolicyStep.CommentOnIssue(CommentPurpose.RedRecorded));
            }

            return new PolicyDecision(
                openIssue is null ? ReportAction.IssueOpened : ReportAction.IssueCommented,
                steps,
                $"red number {redNumber} of {demoteAfter} while verified: investigate");
        }

        steps.Add(new PolicyStep.OpenStatusPullRequest(PluginStatus.Experimental));
        steps.Add(new PolicyStep.CommentOnIssue(CommentPurpose.DemotionOpened));
        return new PolicyDecision(ReportAction.DemotePr, steps, $"red number {redNumber} of {demoteAfter} while verified: demote to experimental");
    }
}
