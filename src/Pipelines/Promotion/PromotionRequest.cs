using Pipelines.Configuration;

namespace Pipelines.Promotion;

/// <summary>Who runs this promotion and where it can be found again.</summary>
/// <param name="RunId">Stable across re-runs of the same trigger (GITHUB_RUN_ID or --run-id):
/// audit entries carry it so a re-run after a crash does not post twice.</param>
/// <param name="RunUrl">A link to the run (Actions run page), when there is one.</param>
public sealed record RunIdentity(string RunId, Uri? RunUrl)
{
    /// <summary>
    /// True only when no earlier attempt of this run id can have written anything: an id this
    /// process generated, or GitHub Actions' first attempt (GITHUB_RUN_ATTEMPT=1) of GITHUB_RUN_ID.
    /// Then there is no earlier audit entry to look for, which saves a call per bypass. False (the
    /// default) whenever it is not known, e.g. an explicit <c>--run-id</c>: a re-run looks first.
    /// </summary>
    public bool IsFirstAttempt { get; init; }
}

/// <summary>An audited bypass of health, version and checks (<c>--skip-gate</c>).</summary>
public sealed record BypassRequest(string Justification);

public sealed record PromotionRequest(PromoteSettings Settings, RunIdentity Run)
{
    public BypassRequest? Bypass { get; init; }

    public string? Actor { get; init; }

    /// <summary>The event that started the run, recorded in the report and never used to decide.</summary>
    public string? Trigger { get; init; }

    public PromotionMode Mode { get; init; } = PromotionMode.Live;

    public PromotionPlan Plan { get; init; } = PromotionPlan.Full;
}
