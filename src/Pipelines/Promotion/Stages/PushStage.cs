namespace Pipelines.Promotion.Stages;

/// <summary>
/// Moves each <c>to</c> branch to its resolved <c>from</c> SHA, one repository at a time in
/// configuration order, fast-forward only and with that repository's push token. Just before
/// each push the branch is read again: if it moved since it was resolved, another promotion ran
/// and this one stops. When a push fails, the branch is re-read with its own, longer budget: a push
/// whose answer was lost but which landed counts as done; when no read answers, the repository is
/// <see cref="RepoStatus.Unknown"/>, never "not pushed". The first failure stops further pushes.
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

            var record = await context.MeasureAsync(Name, repo.Settings.Name, ct => PushAsync(context, repo, ct), cancellationToken)
                .ConfigureAwait(false);
            if (record.Status == StageStatus.Failed)
            {
                if (repo.Status != RepoStatus.Unknown)
                {
                    repo.Status = RepoStatus.Failed;
                }

                context.Block($"{repo.Settings.Name}: {record.Detail}");
                failed = true;
            }
        }

        return !failed;
    }

    private static async Task<(StageStatus, string)> PushAsync(PromotionContext context, RepoState repo, CancellationToken cancellationToken)
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
            var after = await BranchReading.ReadAsync(branches, to, context.Services.Reconcile, context.Services.Time, cancellationToken).ConfigureAwait(false);
            if (!after.Known)
            {
                repo.Status = RepoStatus.Unknown;
                repo.AfterSha = null;
                return (StageStatus.Failed, $"{error.Message}; UNKNOWN whether it landed: {to} may point at {target} or still at {Describe(repo.BeforeSha)} (re-reading it failed: {after.Error})");
            }

            if (after.Sha != target)
            {
                throw;
            }

            Advance(repo, target);
            return (StageStatus.Passed, $"{Verb(repo)} {to} to {CommitSha.Short(target)} (the push answered with an error, but the branch shows it landed)");
        }

        Advance(repo, target);
        return (StageStatus.Passed, $"{Verb(repo)} {to} to {CommitSha.Short(target)}");
    }

    private static string Describe(string? sha) => sha ?? "nothing (it did not exist)";

    private static void Advance(RepoState repo, string target)
    {
        repo.Status = repo.IsSeed ? RepoStatus.Seeded : RepoStatus.Advanced;
        repo.AfterSha = target;
    }

    private static string Verb(RepoState repo) => repo.IsSeed ? "created" : "fast-forwarded";
}
