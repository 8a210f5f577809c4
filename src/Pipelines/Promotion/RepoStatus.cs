namespace Pipelines.Promotion;

public enum RepoStatus
{
    /// <summary>Resolved, not yet pushed (the state before the push stage).</summary>
    Pending,
    Advanced,
    Seeded,
    Unchanged,
    Failed,
    Skipped,
    RolledBack,
}

public enum StageStatus
{
    Passed,
    Failed,
    Skipped,
}

public enum PromotionOutcome
{
    Promoted,
    Noop,
    Blocked,
    RolledBack,
    Split,
    DryRun,
    /// <summary>A single stage (<c>pipelines stage</c>) ran and passed; nothing was pushed.</summary>
    Passed,
}
