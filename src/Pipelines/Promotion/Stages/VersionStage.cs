namespace Pipelines.Promotion.Stages;

/// <summary>Proves staging runs exactly the commit that will be promoted: /version must report the resolved SHA.</summary>
internal sealed class VersionStage : IPromotionStage
{
    public string Name => StageNames.VerifyVersion;

    public async Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken)
    {
        var records = await context.ForEachAsync(context.Repos, repo =>
            context.MeasureAsync(Name, repo.Settings.Name, async ct =>
            {
                var result = await context.Services.Version
                    .VerifyAsync(repo.Settings.Version, repo.Settings.VersionField, repo.SourceSha!, context.Settings.Poll.RequestTimeout, ct)
                    .ConfigureAwait(false);
                return (result.Passed ? StageStatus.Passed : StageStatus.Failed, result.Detail);
            }, cancellationToken));

        return StageOutcome.AllPassed(context, records);
    }
}
