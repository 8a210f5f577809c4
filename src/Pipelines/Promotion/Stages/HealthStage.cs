namespace Pipelines.Promotion.Stages;

/// <summary>Waits for every staging deploy of the group to answer its health URL, all at once.</summary>
internal sealed class HealthStage : IPromotionStage
{
    public string Name => StageNames.PollHealth;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        var records = await context.ForEachAsync(context.Repos, repo =>
            context.MeasureAsync(Name, repo.Settings.Name, async ct =>
            {
                var result = await context.Services.Health
                    .WaitUntilHealthyAsync(repo.Settings.Health, context.Settings.Poll, ct)
                    .ConfigureAwait(false);
                return (result.Passed ? StageStatus.Passed : StageStatus.Failed, result.Detail);
            }, cancellationToken));

        return StageOutcome.AllPassed(context, records);
    }
}
