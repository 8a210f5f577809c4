using Pipelines.Promotion.Audit;

namespace Pipelines.Promotion.Stages;

/// <summary>
/// Undoes a half-promotion. A repository whose push has an unknown fate is read once more first.
/// Then each repository this run moved goes back to where it was (a seeded branch is deleted),
/// newest first, as a compare-and-swap: only if it still points at what this run pushed, so a
/// later promotion by someone else is never reverted. A rollback write that fails is re-read and,
/// if it did not land, sent once more. Records the rollback on the tracker.
/// </summary>
internal sealed class RollbackStage : IPromotionStage
{
    public string Name => StageNames.Rollback;

    /// <returns>True when no repository is left moved or unknown.</returns>
    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        foreach (var repo in context.Repos.Where(r => r.Status == RepoStatus.Unknown))
        {
            await context.MeasureAsync(Name, repo.Settings.Name, ct => ReReadUnknownAsync(context, repo, ct), cancellationToken).ConfigureAwait(false);
        }

        var moved = context.Repos.Where(r => r.MovedByThisRun).Reverse().ToList();
        var rolledBack = new List<AuditedMove>();
        foreach (var repo in moved)
        {
            var pushed = repo.AfterSha!;
            var record = await context.MeasureAsync(Name, repo.Settings.Name, ct => RollBackAsync(context, repo, ct), cancellationToken)
                .ConfigureAwait(false);
            if (record.Status == StageStatus.Passed)
            {
                rolledBack.Add(new AuditedMove(repo.Settings.Name, repo.Branches.DisplayName, pushed, repo.BeforeSha));
            }
        }

        await RecordOnTrackerAsync(context, rolledBack, cancellationToken).ConfigureAwait(false);
        return !context.Repos.Any(r => r.MayHaveMoved || r.Status == RepoStatus.Superseded);
    }

    private static async Task<(StageStatus, string)> ReReadUnknownAsync(PromotionContext context, RepoState repo, CancellationToken cancellationToken)
    {
        var to = repo.Settings.To;
        var reading = await BranchReading.ReadAsync(repo.Branches, to, context.Services.Reconcile, context.Services.Time, cancellationToken).ConfigureAwait(false);
        if (!reading.Known)
        {
            return (StageStatus.Failed, $"still UNKNOWN whether {to} moved to {repo.SourceSha}: {reading.Error}");
        }

        repo.AfterSha = reading.Sha;
        if (reading.Sha == repo.SourceSha)
        {
            repo.Status = repo.IsSeed ? RepoStatus.Seeded : RepoStatus.Advanced;
            return (StageStatus.Passed, $"re-read: the push landed ({to} at {CommitSha.Short(reading.Sha!)}); rolling it back");
        }

        repo.Status = RepoStatus.Failed;
        return (StageStatus.Passed, $"re-read: the push did not land ({to} at {Describe(reading.Sha)})");
    }

    private static async Task<(StageStatus, string)> RollBackAsync(PromotionContext context, RepoState repo, CancellationToken cancellationToken)
    {
        var (branches, to, pushed, before) = (repo.Branches, repo.Settings.To, repo.AfterSha!, repo.BeforeSha);
        const int attempts = 2;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SwapBackAsync(repo, cancellationToken).ConfigureAwait(false);
                return RolledBack(repo, string.Empty);
            }
            catch (BranchMovedException moved)
            {
                return Superseded(repo, moved.ActualSha);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                // The write may have landed with its answer lost, been refused because someone
                // else moved the branch, or not landed at all: the branch says which.
                var reading = await BranchReading.ReadAsync(branches, to, context.Services.Reconcile, context.Services.Time, cancellationToken).ConfigureAwait(false);
                if (!reading.Known)
                {
                    repo.Status = RepoStatus.Unknown;
                    repo.AfterSha = null;
                    return (StageStatus.Failed, $"{error.Message}; UNKNOWN whether {to} went back to {Describe(before)} or still points at {pushed} (re-reading it failed: {reading.Error})");
                }

                if (reading.Sha == before)
                {
                    return RolledBack(repo, " (the write answered with an error, but the branch shows it landed)");
                }

                if (reading.Sha != pushed)
                {
                    return Superseded(repo, reading.Sha);
                }

                if (attempt >= attempts)
                {
                    return (StageStatus.Failed, $"{error.Message} (sent {attempts} times; {to} still points at {CommitSha.Short(pushed)})");
                }
            }
        }
    }

    /// <summary>Compare-and-swap from what this run pushed back to where the branch was.</summary>
    private static Task SwapBackAsync(RepoState repo, CancellationToken cancellationToken) =>
        repo.IsSeed
            ? repo.Branches.DeleteAsync(repo.Settings.To, repo.AfterSha!, cancellationToken)
            : repo.Branches.UpdateAsync(repo.Settings.To, repo.AfterSha!, repo.BeforeSha!, force: true, cancellationToken);

    private static (StageStatus, string) RolledBack(RepoState repo, string note)
    {
        repo.Status = RepoStatus.RolledBack;
        repo.AfterSha = repo.BeforeSha;
        return (StageStatus.Passed, (repo.IsSeed
            ? $"deleted {repo.Settings.To} again (it was created by this run)"
            : $"moved {repo.Settings.To} back to {CommitSha.Short(repo.BeforeSha!)}") + note);
    }

    private static (StageStatus, string) Superseded(RepoState repo, string? current)
    {
        var pushed = repo.AfterSha!;
        repo.Status = RepoStatus.Superseded;
        repo.AfterSha = current;
        return (StageStatus.Failed,
            $"left {repo.Settings.To} alone: someone else moved it from {CommitSha.Short(pushed)} (pushed by this run) to {Describe(current)} before the rollback; their change is not reverted");
    }

    private static string Describe(string? sha) => sha is null ? "no branch" : CommitSha.Short(sha);

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
            var search = await AuditSearch.ContainsAsync(context, tracker, AuditEntry.RollbackKind, ct).ConfigureAwait(false);
            if (search.Found)
            {
                return (StageStatus.Passed, $"rollback already recorded for run {run.RunId} in {tracker.Location}{search.Warning}");
            }

            var entry = AuditEntry.RenderRollback(
                run.RunId, context.Services.Time.GetUtcNow(), context.Request.Actor, run.RunUrl, moves,
                context.BlockReason ?? "a push failed");
            var location = await tracker.AppendAsync(entry, ct).ConfigureAwait(false);
            return (StageStatus.Passed, $"rollback recorded at {location}{search.Warning}");
        }, cancellationToken).ConfigureAwait(false);
    }
}
