namespace Pipelines.Promotion.Stages;

/// <summary>
/// Moves each <c>to</c> branch to its resolved <c>from</c> SHA, one repository at a time in
/// configuration order, fast-forward only and with that repository's push token. Just before
/// each push the branch is read again: if it moved since it was resolved, another promotion ran
/// and this one stops. When a push fails, the branch is re-read: a push whose answer was lost but
/// which landed counts as done. The first real failure stops further pushes.
/// </summary>
internal sealed class PushStage : IPromotionStage
{
    public string Name => StageNames.PushProd;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        var failed = false;
        foreach (var repo in context.Repos)
        {
            if (!repo.NeedsPush)
            {
                continue;
            }

            if (failed)
            {
                repo.Status = RepoStatus.Skipped;
                context.Record(Name, repo.Settings.Name, StageStatus.Skipped, "not pushed: an earlier push failed");
                continue;
            }

            var record = await context.MeasureAsync(Name, repo.Settings.Name, ct => PushAsync(repo, ct), cancellationToken)
                .ConfigureAwait(false);
            if (record.Status == StageStatus.Failed)
            {
                repo.Status = RepoStatus.Failed;
                context.Block($"{repo.Settings.Name}: {record.Detail}");
                failed = true;
            }
        }

        return !failed;
    }

    private static async Task<(StageStatus, string)> PushAsync(RepoState repo, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (branches, to, target) = (repo.Branches, repo.Settings.To, repo.SourceSha!);

        var current = await branches.GetHeadAsync(to, cancellationToken).ConfigureAwait(false);
        if (current != repo.BeforeSha)
        {
            throw new BranchMovedException(branches.DisplayName, to, repo.BeforeSha, current);
        }

        // Never start a write once the run was cancelled; what already moved gets rolled back.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (repo.IsSeed)
            {
                await branches.CreateAsync(to, target, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await branches.UpdateAsync(to, repo.BeforeSha!, target, force: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException and not BranchMovedException)
        {
            // The request may have landed and only its answer been lost: the branch says which.
            var after = await ReadAfterFailureAsync(branches, to, cancellationToken).ConfigureAwait(false);
            if (after != target)
            {
                throw;
            }

            Advance(repo, target);
            return (StageStatus.Passed, $"{Verb(repo)} {to} to {CommitSha.Short(target)} (the push answered with an error, but the branch shows it landed)");
        }

        Advance(repo, target);
        return (StageStatus.Passed, $"{Verb(repo)} {to} to {CommitSha.Short(target)}");
    }

    private static async Task<string?> ReadAfterFailureAsync(IRepositoryBranches branches, string branch, CancellationToken cancellationToken)
    {
        try
        {
            return await branches.GetHeadAsync(branch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Unknown is not "landed": report the push's own error.
            return null;
        }
    }

    private static void Advance(RepoState repo, string target)
    {
        repo.Status = repo.IsSeed ? RepoStatus.Seeded : RepoStatus.Advanced;
        repo.AfterSha = target;
    }

    private static string Verb(RepoState repo) => repo.IsSeed ? "created" : "fast-forwarded";
}
