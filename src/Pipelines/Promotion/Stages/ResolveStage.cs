namespace Pipelines.Promotion.Stages;

/// <summary>
/// Reads every repository's <c>from</c> and <c>to</c> heads, all at once, on every run: what gets
/// promoted is decided here and never by the trigger. A missing <c>to</c> means the branch is seeded.
/// </summary>
internal sealed class ResolveStage : IPromotionStage
{
    public string Name => StageNames.ResolveShas;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        var records = await context.ForEachAsync(context.Repos, repo =>
            context.MeasureAsync(Name, repo.Settings.Name, ct => ResolveAsync(repo, ct), cancellationToken));

        return StageOutcome.AllPassed(context, records);
    }

    private static async Task<(StageStatus, string)> ResolveAsync(RepoState repo, CancellationToken cancellationToken)
    {
        var settings = repo.Settings;
        var sourceTask = repo.Branches.GetHeadAsync(settings.From, cancellationToken);
        var targetTask = repo.Branches.GetHeadAsync(settings.To, cancellationToken);
        var source = await sourceTask.ConfigureAwait(false);
        var target = await targetTask.ConfigureAwait(false);

        if (source is null)
        {
            return (StageStatus.Failed, $"branch '{settings.From}' not found in {repo.Branches.DisplayName}");
        }

        if (!CommitSha.IsValid(source))
        {
            return (StageStatus.Failed, $"{settings.From} of {repo.Branches.DisplayName} resolved to '{Printable(source)}', not a commit SHA");
        }

        if (target is not null && !CommitSha.IsValid(target))
        {
            return (StageStatus.Failed, $"{settings.To} of {repo.Branches.DisplayName} resolved to '{Printable(target)}', not a commit SHA");
        }

        repo.SourceSha = source;
        repo.BeforeSha = target;
        repo.AfterSha = target;
        if (!repo.NeedsPush)
        {
            repo.Status = RepoStatus.Unchanged;
        }

        var detail = target switch
        {
            null => $"{settings.From} {CommitSha.Short(source)}; {settings.To} missing: will be seeded",
            _ when target == source => $"{settings.To} already at {settings.From} {CommitSha.Short(source)}: unchanged",
            _ => $"{settings.To} {CommitSha.Short(target)} → {settings.From} {CommitSha.Short(source)}",
        };
        return (StageStatus.Passed, detail);
    }

    // A SHA that is not a SHA came from a server we do not trust to be well-formed; keep it short and inert.
    private static string Printable(string value)
    {
        var clean = new string(value.Where(c => !char.IsControl(c)).Take(80).ToArray());
        return value.Length > 80 ? clean + "…" : clean;
    }
}
