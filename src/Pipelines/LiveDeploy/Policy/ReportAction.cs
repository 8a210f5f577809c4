namespace Pipelines.LiveDeploy.Policy;

/// <summary>The one action a report row names for a plugin (the most important step taken).</summary>
public enum ReportAction
{
    None,
    PromotePr,
    DemotePr,
    IssueOpened,
    IssueCommented,
    IssueClosed,
}
