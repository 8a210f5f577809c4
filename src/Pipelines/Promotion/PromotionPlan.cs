namespace Pipelines.Promotion;

/// <summary>
/// Which stages a run performs. The full gate is one plan; <c>pipelines stage NAME</c> runs a
/// single stage after resolving (every stage needs the SHAs), so it can be debugged alone.
/// </summary>
public sealed record PromotionPlan(string Name, IReadOnlyList<string> Stages)
{
    public static PromotionPlan Full { get; } = new("promote", StageNames.All);

    public bool Includes(string stage) => Stages.Contains(stage);

    public bool Pushes => Includes(StageNames.PushProd);

    public static PromotionPlan ForStage(string stage) => stage switch
    {
        StageNames.ResolveShas => new(stage, [StageNames.ResolveShas]),
        StageNames.PollHealth or StageNames.VerifyVersion or StageNames.RunChecks =>
            new(stage, [StageNames.ResolveShas, stage]),
        StageNames.CheckAncestry => new(stage, [StageNames.ResolveShas, StageNames.CheckAncestry]),
        StageNames.LogBypass => new(stage, [StageNames.ResolveShas, StageNames.CheckAncestry, StageNames.LogBypass]),
        // Pushing without the probes is a bypass by definition, so it keeps the bypass rules.
        StageNames.PushProd => new(stage, [StageNames.ResolveShas, StageNames.CheckAncestry, StageNames.LogBypass, StageNames.PushProd]),
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, $"unknown stage; one of {string.Join(", ", StageNames.Selectable)}"),
    };
}

public static class StageNames
{
    public const string ResolveShas = "resolve-shas";
    public const string CheckAncestry = "check-ancestry";
    public const string PollHealth = "poll-health";
    public const string VerifyVersion = "verify-version";
    public const string RunChecks = "run-checks";
    public const string LogBypass = "log-bypass";
    public const string PushProd = "push-prod";
    public const string Rollback = "rollback";

    public static IReadOnlyList<string> All { get; } =
        [ResolveShas, CheckAncestry, PollHealth, VerifyVersion, RunChecks, LogBypass, PushProd];

    /// <summary>The stages <c>pipelines stage</c> accepts.</summary>
    public static IReadOnlyList<string> Selectable { get; } =
        [ResolveShas, CheckAncestry, PollHealth, VerifyVersion, RunChecks, LogBypass, PushProd];

    /// <summary>Stages a bypass skips.</summary>
    public static bool IsGateCheck(string stage) => stage is PollHealth or VerifyVersion or RunChecks;
}
