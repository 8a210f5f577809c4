using Pipelines.Checks;
using Pipelines.Probes;
using Pipelines.Security;

namespace Pipelines.Promotion;

/// <summary>The ports the gate works through; each is an interface so the gate can be tested alone.</summary>
public sealed record PromotionServices(
    IPromotionHost Host,
    IHealthWaiter Health,
    IVersionVerifier Version,
    ICheckRunner Checks,
    TimeProvider Time,
    SecretRedactor Redactor)
{
    public IPromotionObserver Observer { get; init; } = IPromotionObserver.None;

    /// <summary>
    /// At most this many repositories are probed at once (null: all at once). One at a time is
    /// what the glue scripts this replaces did; the benchmark uses it to show what concurrency buys.
    /// </summary>
    public int? MaxParallel { get; init; }

    /// <summary>How long a rollback may take once the run itself was cancelled.</summary>
    public TimeSpan RollbackGracePeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The re-read after a failed write: longer than an ordinary read's retries.</summary>
    public ReconcileBudget Reconcile { get; init; } = ReconcileBudget.Default;
}
