namespace Pipelines.Containers;

/// <summary>The stages <c>pipelines stage NAME</c> runs alone.</summary>
internal enum GateStage
{
    ResolveShas,
    CheckAncestry,
    PollHealth,
    VerifyVersion,
    RunChecks,
    LogBypass,
    PushProd,
}

internal static class GateStages
{
    public static IReadOnlyList<GateStage> All { get; } = Enum.GetValues<GateStage>();

    /// <summary>The CLI's name: <c>resolve-shas</c>.</summary>
    public static string CliName(this GateStage stage) => stage switch
    {
        GateStage.ResolveShas => "resolve-shas",
        GateStage.CheckAncestry => "check-ancestry",
        GateStage.PollHealth => "poll-health",
        GateStage.VerifyVersion => "verify-version",
        GateStage.RunChecks => "run-checks",
        GateStage.LogBypass => "log-bypass",
        GateStage.PushProd => "push-prod",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    /// <summary>The module function's name: <c>resolveShas</c>.</summary>
    public static string FunctionName(this GateStage stage)
    {
        var parts = stage.CliName().Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    public static GateStage Parse(string cliName)
    {
        foreach (var stage in All)
        {
            if (stage.CliName() == cliName)
            {
                return stage;
            }
        }

        throw new ContainerPlanException($"stage: '{cliName}' is not one of {string.Join(", ", All.Select(s => s.CliName()))}");
    }
}
