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
            if (!run.IsFirstAttempt && await tracker.ContainsAsync(AuditEntry.Marker(run.RunId, AuditEntry.BypassKind), ct).ConfigureAwait(false))
            {
                context.AuditLocation = tracker.Location;
                return (StageStatus.Passed, $"already recorded for run {run.RunId} in {tracker.Location}");
            }

            // The tracker may be public: a token pasted into the justification must not reach it.
            var entry = AuditEntry.RenderBypass(
                run.RunId, context.Services.Time.GetUtcNow(), context.Request.Actor, run.RunUrl, moves, context.Redactor.Redact(bypass.Justification));
            try
            {
                context.AuditLocation = await tracker.AppendAsync(entry, ct).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The post may have landed and only its answer been lost: the tracker says which.
                // Unknown is not "posted": then the post's own error blocks the gate.
                if (!await LandedAsync(tracker, run.RunId, ct).ConfigureAwait(false))
                {
                    throw;
                }

                context.AuditLocation = tracker.Location;
                return (StageStatus.Passed, $"justification recorded at {tracker.Location} (the post answered with an error, but the tracker shows it landed)");
            }

            return (StageStatus.Passed, $"justification recorded at {context.AuditLocation}");
        }, cancellationToken).ConfigureAwait(false);

        if (record.Status != StageStatus.Passed)
        {
            context.Block($"could not record the bypass, so nothing was pushed: {record.Detail}");
            return false;
        }

        return true;
    }

    private static async Task<bool> LandedAsync(IAuditTrail tracker, string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await tracker.ContainsAsync(AuditEntry.Marker(runId, AuditEntry.BypassKind), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
