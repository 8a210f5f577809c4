using Pipelines.Promotion.Audit;

namespace Pipelines.Promotion.Stages;

/// <summary>
/// Undoes a half-promotion: each repository this run moved goes back to where it was (a seeded
/// branch is deleted), newest first, and only if it still points at what this run pushed, so a
/// later promotion by someone else is never overwritten. Records the rollback on the tracker.
/// </summary>
internal sealed class RollbackStage : IPromotionStage
{
    public string Name => StageNames.Rollback;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        var moved = context.Repos.Where(r => r.MovedByThisRun).Reverse().ToList();
        var rolledBack = new List<AuditedMove>();
        var allBack = true;
        foreach (var repo in moved)
        {
            var pushed = repo.AfterSha!;
            var record = await context.MeasureAsync(Name, repo.Settings.Name, ct => RollBackAsync(repo, ct), cancellationToken)
                .ConfigureAwait(false);
            if (record.Status == StageStatus.Passed)
            {
                rolledBack.Add(new AuditedMove(repo.Settings.Name, repo.Branches.DisplayName, pushed, repo.BeforeSha));
            }
            else
            {
                allBack = false;
            }
        }

        await RecordOnTrackerAsync(context, rolledBack, cancellationToken).ConfigureAwait(false);
        return allBack;
    }

    private static async Task<(StageStatus, string)> RollBackAsync(RepoState repo, CancellationToken cancellationToken)
    {
        var (branches, to, pushed) = (repo.Branches, repo.Settings.To, repo.AfterSha!);
        var current = await branches.GetHeadAsync(to, cancellationToken).ConfigureAwait(false);
        if (current != pushed)
        {
            throw new BranchMovedException(branches.DisplayName, to, pushed, current);
        }

        try
        {
            if (repo.IsSeed)
            {
                await branches.DeleteAsync(to, pushed, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await branches.UpdateAsync(to, pushed, repo.BeforeSha!, force: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            var after = await branches.GetHeadAsync(to, cancellationToken).ConfigureAwait(false);
            if (after != repo.BeforeSha)
            {
                throw;
            }
        }

        repo.Status = RepoStatus.RolledBack;
        repo.AfterSha = repo.BeforeSha;
        return (StageStatus.Passed, repo.IsSeed
            ? $"deleted {to} again (it was created by this run)"
            : $"moved {to} back to {CommitSha.Short(repo.BeforeSha!)}");
    }

    private static async Task RecordOnTrackerAsync(PromotionContext context, IReadOnlyList<AuditedMove> moves, CancellationToken cancellationToken)
    {
        if (context.Tracker is not { } tracker || moves.Count == 0)
        {
            return;
        }

        await context.MeasureAsync("log-rollback", null, async ct =>
        {
            var run = context.Request.Run;
            // A re-run of the same run (same id) that rolls back again must not post a second entry.
            if (await tracker.ContainsAsync(AuditEntry.Marker(run.RunId, AuditEntry.RollbackKind), ct).ConfigureAwait(false))
            {
                return (StageStatus.Passed, $"rollback already recorded for run {run.RunId} in {tracker.Location}");
            }

            var entry = AuditEntry.RenderRollback(
                run.RunId, context.Services.Time.GetUtcNow(), context.Request.Actor, run.RunUrl, moves,
                context.BlockReason ?? "a push failed");
            var location = await tracker.AppendAsync(entry, ct).ConfigureAwait(false);
            return (StageStatus.Passed, $"rollback recorded at {location}");
        }, cancellationToken).ConfigureAwait(false);
    }
}
