namespace Pipelines.Promotion;

public sealed record BypassReport(string? Actor, string Justification, string? AuditLocation);

public sealed record RepoReport(
    string Name,
    string Repo,
    string From,
    string To,
    string? SourceSha,
    string? BeforeSha,
    string? AfterSha,
    RepoStatus Status);

public sealed record StageReport(string Name, string? Repo, StageStatus Status, long DurationMs, string Detail, IReadOnlyList<string> Output);

/// <summary>The machine-readable account of a run (written with <c>--report</c>).</summary>
public sealed record PromotionReport(
    PromotionOutcome Outcome,
    int ExitCode,
    string Message,
    bool DryRun,
    string RunId,
    Uri? RunUrl,
    string? Actor,
    string? Trigger,
    DateTimeOffset StartedAt,
    long DurationMs,
    BypassReport? Bypass,
    IReadOnlyList<RepoReport> Repos,
    IReadOnlyList<StageReport> Stages)
{
    internal static PromotionReport From(PromotionContext context, PromotionOutcome outcome, DateTimeOffset startedAt, TimeSpan duration)
    {
        var request = context.Request;
        var redact = context.Redactor.Redact;
        var repos = context.Repos.Select(r => new RepoReport(
            r.Settings.Name,
            r.Branches.DisplayName,
            r.Settings.From,
            r.Settings.To,
            r.SourceSha,
            r.BeforeSha,
            r.AfterSha,
            // A repository the run never reached kept its branch where it was.
            r.Status == RepoStatus.Pending ? RepoStatus.Skipped : r.Status)).ToList();
        var stages = context.Stages.Select(s => new StageReport(
            s.Name, s.Repo, s.Status, (long)s.Duration.TotalMilliseconds, s.Detail, s.OutputTail)).ToList();
        var bypass = request.Bypass is { } b
            ? new BypassReport(request.Actor, redact(b.Justification), context.AuditLocation)
            : null;

        return new PromotionReport(
            outcome,
            outcome.ExitCode(),
            Describe(outcome, context),
            !request.Mode.WritesAnything,
            request.Run.RunId,
            request.Run.RunUrl,
            request.Actor,
            request.Trigger is null ? null : redact(request.Trigger),
            startedAt,
            (long)duration.TotalMilliseconds,
            bypass,
            repos,
            stages);
    }

    /// <summary>
    /// The run did its work but could not publish part of its result (e.g. <c>$GITHUB_OUTPUT</c>):
    /// the outcome stays what happened to the branches, the exit code is at least 1, and the message
    /// says what is missing, so the report, the summary and the console agree with the exit code.
    /// </summary>
    public PromotionReport WithPublishFailure(string problem) =>
        this with { ExitCode = Math.Max(ExitCode, 1), Message = $"{Message}; {problem}" };

    private static string Describe(PromotionOutcome outcome, PromotionContext context) => outcome switch
    {
        PromotionOutcome.Promoted => $"promoted {context.Repos.Count(r => r.MovedByThisRun)} of {context.Repos.Count} repositories",
        PromotionOutcome.Noop => "nothing to promote: every prod branch already matches its source",
        PromotionOutcome.DryRun => $"dry run: would promote {context.ReposToPush.Count()} of {context.Repos.Count} repositories; nothing was written",
        PromotionOutcome.Passed => "the stage passed; nothing was pushed",
        PromotionOutcome.Blocked => $"blocked: {context.BlockReason}; nothing was pushed",
        PromotionOutcome.RolledBack => $"rolled back: {context.BlockReason}; every prod branch is back where it was",
        _ when context.Repos.Where(r => r.Status == RepoStatus.Unknown).Select(r => r.Settings.Name).ToList() is { Count: > 0 } unknown =>
            $"SPLIT: {context.BlockReason}; UNKNOWN whether {string.Join(", ", unknown)} moved: prod branches may NOT be consistent, see the repair steps",
        _ => $"SPLIT: {context.BlockReason}; prod branches are NOT consistent, see the repair steps",
    };
}

public static class PromotionOutcomeExtensions
{
    /// <summary>0 promoted or nothing to do; 1 blocked (nothing half-promoted); 3 split left in place.</summary>
    public static int ExitCode(this PromotionOutcome outcome) => outcome switch
    {
        PromotionOutcome.Promoted or PromotionOutcome.Noop or PromotionOutcome.DryRun or PromotionOutcome.Passed => 0,
        PromotionOutcome.Split => 3,
        _ => 1,
    };
}
