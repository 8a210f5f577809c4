using Pipelines.Promotion.Audit;

namespace Pipelines.Promotion.Stages;

/// <summary>
/// Posts the bypass audit entry to the tracker before anything is pushed. If it cannot be posted,
/// nothing is pushed. A re-run of the same run finds its marker and does not post twice; a first
/// attempt (<see cref="RunIdentity.IsFirstAttempt"/>) cannot have posted before, so it does not
/// search the tracker, which costs a call (or one per hundred comments) on every bypass.
/// </summary>
internal sealed class BypassAuditStage : IPromotionStage
{
    public string Name => StageNames.LogBypass;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        if (context.Request.Bypass is not { } bypass)
        {
            context.Record(Name, null, StageStatus.Skipped, "no bypass requested");
            return true;
        }

        var moves = context.ReposToPush.Select(r => new AuditedMove(r.Settings.Name, r.Branches.DisplayName, r.BeforeSha, r.SourceSha)).ToList();
        if (moves.Count == 0)
        {
            context.Record(Name, null, StageStatus.Skipped, "nothing to push: no audit entry posted");
            return true;
        }

        if (context.Tracker is not { } tracker)
        {
            context.Record(Name, null, StageStatus.Failed, "a bypass needs promote.bypass.tracker to record the justification");
            context.Block("bypass without a tracker");
            return false;
        }

        var record = await context.MeasureAsync(Name, null, async ct =>
        {
            var run = context.Request.Run;
            if (!run.IsFirstAttempt)
            {
                var search = await AuditSearch.ContainsAsync(context, tracker, AuditEntry.BypassKind, ct).ConfigureAwait(false);
                if (search.Found)
                {
                    context.AuditLocation = tracker.Location;
                    return (StageStatus.Passed, $"already recorded for run {run.RunId} in {tracker.Location}{search.Warning}");
                }
            }

            // The tracker may be public: a token pasted into the justification must not reach it.
            var entry = AuditEntry.RenderBypass(
                run.RunId, context.Services.Time.GetUtcNow(), ActorText(context), run.RunUrl, moves, context.Redactor.Redact(bypass.Justification));
            try
            {
                context.AuditLocation = await tracker.AppendAsync(entry, ct).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The post may have landed and only its answer been lost: the tracker says which.
                // Unknown is not "posted": then the post's own error blocks the gate.
                if (!await LandedAsync(context, tracker, ct).ConfigureAwait(false))
                {
                    throw;
                }

                context.AuditLocation = tracker.Location;
                return (StageStatus.Passed, $"justification recorded at {tracker.Location} (the post answered with an error, but the tracker shows it landed)");
            }

            return (StageStatus.Passed, context.Request.Mode.AuditPosted(tracker, context.AuditLocation));
        }, cancellationToken).ConfigureAwait(false);

        if (record.Status != StageStatus.Passed)
        {
            context.Block($"could not record the bypass, so nothing was pushed: {record.Detail}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Who bypassed: the actor given (with the identity the token acts as beside it when that is
    /// known without a call: a claimed name and the identity that wrote are both evidence), else
    /// that identity (the command refuses a bypass with neither before anything is written).
    /// </summary>
    private static string? ActorText(PromotionContext context)
    {
        var actor = context.Request.Actor;
        var identity = context.Services.Host.KnownIdentity?.Login;
        return (actor, identity) switch
        {
            (null, null) => null,
            (null, _) => $"{identity} (the identity the read token acts as)",
            (_, null) => actor,
            _ when string.Equals(actor, identity, StringComparison.OrdinalIgnoreCase) => actor,
            _ => $"{actor} (the read token acts as {identity})",
        };
    }

    private static async Task<bool> LandedAsync(PromotionContext context, IAuditTrail tracker, CancellationToken cancellationToken)
    {
        try
        {
            return (await AuditSearch.ContainsAsync(context, tracker, AuditEntry.BypassKind, cancellationToken).ConfigureAwait(false)).Found;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
