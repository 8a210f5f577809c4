namespace Pipelines.Promotion.Stages;

/// <summary>Runs the E2E and canary checks once staging is proven healthy and at the right commit.</summary>
internal sealed class ChecksStage : IPromotionStage
{
    public string Name => StageNames.RunChecks;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        if (context.Settings.Checks.Count == 0)
        {
            context.Record(Name, null, StageStatus.Passed, "no checks configured");
            return true;
        }

        var observer = context.Services.Observer;
        var outcomes = await context.Services.Checks
            .RunAsync(context.Settings.Checks, observer.CheckOutput, cancellationToken)
            .ConfigureAwait(false);

        var records = outcomes.Select(outcome =>
        {
            var status = outcome.Passed ? StageStatus.Passed : outcome.Skipped ? StageStatus.Skipped : StageStatus.Failed;
            var tail = outcome.Passed ? null : outcome.Result?.OutputTail;
            return context.Record($"{Name}:{outcome.Name}", null, status, outcome.Detail, outcome.Duration, tail);
        }).ToList();

        if (cancellationToken.IsCancellationRequested)
        {
            context.Block("cancelled while checks were running");
            return false;
        }

        // A skipped check is one whose prerequisite failed: the gate is blocked by that failure.
        return StageOutcome.AllPassed(context, records) && records.All(r => r.Status == StageStatus.Passed);
    }
}
