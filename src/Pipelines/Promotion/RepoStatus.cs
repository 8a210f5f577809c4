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
    /// <summary>
    /// A write's answer was lost and no read since could say whether it landed: the branch may
    /// point at the old or the new commit. Never reported as "not pushed".
    /// </summary>
    Unknown,
    /// <summary>This run's push landed, then someone else moved the branch again before the rollback: left where they put it.</summary>
    Superseded,
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
