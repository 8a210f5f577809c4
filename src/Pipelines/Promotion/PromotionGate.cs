using Pipelines.Promotion.Stages;

namespace Pipelines.Promotion;

/// <summary>
/// The coordinated staging→prod gate. It resolves every repository, refuses anything but a
/// fast-forward, proves staging (health, exact version, checks) unless an audited bypass was
/// asked for, then pushes in order, and answers a failed push after others landed with a
/// rollback or a loud split.
/// </summary>
public sealed class PromotionGate
{
    private readonly PromotionServices _services;

    private static readonly IReadOnlyList<IPromotionStage> Stages =
    [
        new ResolveStage(),
        new AncestryStage(),
        new HealthStage(),
        new VersionStage(),
        new ChecksStage(),
        new BypassAuditStage(),
        new PushStage(),
    ];

    public PromotionGate(PromotionServices services) => _services = services;

    public async Task<PromotionReport> RunAsync(PromotionRequest request, CancellationToken cancellationToken = default)
    {
        var startedAt = _services.Time.GetUtcNow();
        var started = _services.Time.GetTimestamp();
        var mode = request.Mode;
        var repos = request.Settings.Repos
            .Select(settings => new RepoState(settings, mode.Apply(_services.Host.OpenRepository(settings))))
            .ToList();
        var tracker = _services.Host.OpenTracker(request.Settings.Bypass) is { } trail ? mode.Apply(trail) : null;
        var context = new PromotionContext(request, repos, tracker, _services);

        var outcome = await RunStagesAsync(context, cancellationToken).ConfigureAwait(false);
        return PromotionReport.From(context, outcome, startedAt, _services.Time.GetElapsedTime(started));
    }

    private async Task<PromotionOutcome> RunStagesAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        foreach (var stage in Stages.Where(s => request.Plan.Includes(s.Name)))
        {
            if (request.Bypass is not null && StageNames.IsGateCheck(stage.Name))
            {
                context.Record(stage.Name, null, StageStatus.Skipped, "bypassed (--skip-gate)");
                continue;
            }

            if (!await stage.RunAsync(context, cancellationToken).ConfigureAwait(false))
            {
                return await AfterFailureAsync(context).ConfigureAwait(false);
            }

            if (stage.Name == StageNames.ResolveShas && request.Plan.Pushes && !context.ReposToPush.Any())
            {
                return PromotionOutcome.Noop;
            }
        }

        return request.Plan.Pushes ? request.Mode.SuccessOutcome : PromotionOutcome.Passed;
    }

    private async Task<PromotionOutcome> AfterFailureAsync(PromotionContext context)
    {
        // "Blocked" promises nothing was pushed: never when a push's fate is unknown.
        if (!context.Repos.Any(r => r.MayHaveMoved))
        {
            return PromotionOutcome.Blocked;
        }

        if (context.Settings.OnSplit == Configuration.SplitPolicy.Hold)
        {
            return PromotionOutcome.Split;
        }

        // The run's own token may be cancelled (Ctrl-C between two pushes): a rollback still
        // gets a bounded time of its own rather than leaving prod half-promoted.
        using var grace = new CancellationTokenSource(_services.RollbackGracePeriod, _services.Time);
        var allBack = await new RollbackStage().RunAsync(context, grace.Token).ConfigureAwait(false);
        if (!allBack)
        {
            return PromotionOutcome.Split;
        }

        // The only "moved" repository may have turned out, on a last re-read, not to have moved.
        return context.Repos.Any(r => r.Status == RepoStatus.RolledBack) ? PromotionOutcome.RolledBack : PromotionOutcome.Blocked;
    }
}
