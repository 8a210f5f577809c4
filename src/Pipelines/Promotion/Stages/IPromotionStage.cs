namespace Pipelines.Promotion.Stages;

/// <summary>One step of the gate. It records what it did in the context and says whether the gate may go on.</summary>
internal interface IPromotionStage
{
    string Name { get; }

    Task<bool> RunAsync(PromotionContext context, CancellationToken cancellationToken);
}
