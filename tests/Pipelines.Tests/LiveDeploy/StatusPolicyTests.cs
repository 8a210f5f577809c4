using Pipelines.LiveDeploy.Policy;
using static Pipelines.LiveDeploy.Policy.PluginStatus;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>The status policy table, row by row.</summary>
public sealed class StatusPolicyTests
{
    private static readonly IReadOnlySet<PluginStatus> NoPulls = new HashSet<PluginStatus>();

    private static IssueHistory Issue(params RecordedResult[] results) => new(results);

    private static string Steps(PolicyDecision decision) => string.Join(", ", decision.Steps.Select(Describe));

    private static string Describe(PolicyStep step) => step switch
    {
        PolicyStep.OpenIssue => "open-issue",
        PolicyStep.CommentOnIssue c => $"comment-{c.Purpose}",
        PolicyStep.CloseIssue => "close-issue",
        PolicyStep.OpenStatusPullRequest p => $"open-pr-{p.Target.Word()}",
        PolicyStep.CloseStatusPullRequest p => $"close-pr-{p.Target.Word()}",
        _ => "?",
    };

    [Fact]
    public void Green_while_experimental_opens_a_promotion_pull_request()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Green, Experimental, null, NoPulls, 2);

        Assert.Equal(ReportAction.PromotePr, decision.Action);
        Assert.Equal("open-pr-verified", Steps(decision));
    }

    [Fact]
    public void Green_while_experimental_with_an_open_issue_also_comments_and_closes_it()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Green, Experimental, Issue(RecordedResult.Red), NoPulls, 2);

        Assert.Equal(ReportAction.PromotePr, decision.Action);
        Assert.Equal("open-pr-verified, comment-Resolved, close-issue", Steps(decision));
    }

    [Fact]
    public void Green_while_verified_with_nothing_open_does_nothing()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Green, Verified, null, NoPulls, 2);

        Assert.Equal(ReportAction.None, decision.Action);
        Assert.Empty(decision.Steps);
    }

    [Fact]
    public void Green_while_verified_closes_the_open_issue_with_a_comment()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Green, Verified, Issue(RecordedResult.Red), NoPulls, 2);

        Assert.Equal(ReportAction.IssueClosed, decision.Action);
        Assert.Equal("comment-Resolved, close-issue", Steps(decision));
    }

    [Fact]
    public void Green_while_verified_closes_an_open_demotion_pull_request()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Green, Verified, Issue(RecordedResult.Red, RecordedResult.Red), new HashSet<PluginStatus> { Experimental }, 2);

        Assert.Equal(ReportAction.IssueClosed, decision.Action);
        Assert.Equal("close-pr-experimental, comment-Resolved, close-issue", Steps(decision));
    }

    [Fact]
    public void Green_while_deprecated_is_never_promoted()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Green, Deprecated, null, NoPulls, 2);

        Assert.Equal(ReportAction.None, decision.Action);
        Assert.DoesNotContain(decision.Steps, s => s is PolicyStep.OpenStatusPullRequest);
    }

    [Fact]
    public void Red_while_verified_without_an_issue_opens_one()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, Verified, null, NoPulls, 2);

        Assert.Equal(ReportAction.IssueOpened, decision.Action);
        Assert.Equal("open-issue", Steps(decision));
    }

    [Fact]
    public void Red_while_verified_after_a_recorded_red_opens_the_demotion_and_links_it_on_the_issue()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, Verified, Issue(RecordedResult.Red), NoPulls, 2);

        Assert.Equal(ReportAction.DemotePr, decision.Action);
        Assert.Equal("open-pr-experimental, comment-DemotionOpened", Steps(decision));
    }

    [Fact]
    public void Red_while_verified_after_a_recorded_green_only_comments()
    {
        // The issue is open but the last recorded result was green: this red is the first of a new run of reds.
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, Verified, Issue(RecordedResult.Red, RecordedResult.Green), NoPulls, 2);

        Assert.Equal(ReportAction.IssueCommented, decision.Action);
        Assert.Equal("comment-RedRecorded", Steps(decision));
    }

    [Theory]
    [InlineData(3, 1, ReportAction.IssueCommented)]
    [InlineData(3, 2, ReportAction.DemotePr)]
    [InlineData(4, 2, ReportAction.IssueCommented)]
    [InlineData(4, 3, ReportAction.DemotePr)]
    public void Demotion_waits_for_demote_after_consecutive_reds(int demoteAfter, int recordedReds, ReportAction expected)
    {
        var history = Issue(Enumerable.Repeat(RecordedResult.Red, recordedReds).ToArray());

        var decision = StatusPolicy.Decide(PolicyVerdict.Red, Verified, history, NoPulls, demoteAfter);

        Assert.Equal(expected, decision.Action);
    }

    [Fact]
    public void Demote_after_one_opens_the_issue_and_the_demotion_on_the_first_red()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, Verified, null, NoPulls, 1);

        Assert.Equal(ReportAction.DemotePr, decision.Action);
        Assert.Equal("open-issue, open-pr-experimental, comment-DemotionOpened", Steps(decision));
    }

    [Theory]
    [InlineData(Experimental)]
    [InlineData(Deprecated)]
    public void Red_while_not_verified_without_an_issue_is_recorded_in_the_report_only(PluginStatus status)
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, status, null, NoPulls, 2);

        Assert.Equal(ReportAction.None, decision.Action);
        Assert.Empty(decision.Steps);
    }

    [Theory]
    [InlineData(Experimental)]
    [InlineData(Deprecated)]
    public void Red_while_not_verified_comments_on_an_open_issue_and_opens_no_pull_request(PluginStatus status)
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, status, Issue(RecordedResult.Red, RecordedResult.Red), NoPulls, 2);

        Assert.Equal(ReportAction.IssueCommented, decision.Action);
        Assert.Equal("comment-RedRecorded", Steps(decision));
    }

    [Fact]
    public void Red_closes_an_open_promotion_pull_request()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, Experimental, null, new HashSet<PluginStatus> { Verified }, 2);

        Assert.Equal("close-pr-verified", Steps(decision));
    }

    [Fact]
    public void An_unknown_status_changes_nothing()
    {
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, Unknown, Issue(RecordedResult.Red), NoPulls, 2);

        Assert.Equal(ReportAction.None, decision.Action);
        Assert.Empty(decision.Steps);
    }

    [Fact]
    public void Demote_after_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StatusPolicy.Decide(PolicyVerdict.Red, Verified, null, NoPulls, 0));
    }
}
