using Pipelines.GitHub;

namespace Pipelines.Promotion.Stages;

/// <summary>
/// Refuses anything but a fast-forward: each existing <c>to</c> must be an ancestor of its
/// <c>from</c>. Checked before any probe, and never answered with a force push.
/// </summary>
internal sealed class AncestryStage : IPromotionStage
{
    public string Name => StageNames.CheckAncestry;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        var toCompare = context.ReposToPush.Where(r => !r.IsSeed).ToList();
        var records = await context.ForEachAsync(toCompare, repo =>
            context.MeasureAsync(Name, repo.Settings.Name, ct => CompareAsync(repo, ct), cancellationToken));

        return StageOutcome.AllPassed(context, records);
    }

    private static async Task<(StageStatus, string)> CompareAsync(RepoState repo, CancellationToken cancellationToken)
    {
        var (from, to) = (repo.Settings.From, repo.Settings.To);
        var relation = await repo.Branches.CompareAsync(repo.BeforeSha!, repo.SourceSha!, cancellationToken).ConfigureAwait(false);
        return relation switch
        {
            CommitRelation.Ahead => (StageStatus.Passed, $"{to} is an ancestor of {from}: fast-forward"),
            CommitRelation.Identical => (StageStatus.Passed, $"{to} and {from} are identical"),
            CommitRelation.Behind => (StageStatus.Failed,
                $"{to} ({CommitSha.Short(repo.BeforeSha!)}) is ahead of {from} ({CommitSha.Short(repo.SourceSha!)}): promoting would move prod backwards; refusing"),
            _ => (StageStatus.Failed,
                $"{to} ({CommitSha.Short(repo.BeforeSha!)}) and {from} ({CommitSha.Short(repo.SourceSha!)}) have diverged: not a fast-forward; refusing to force-push"),
        };
    }
}
