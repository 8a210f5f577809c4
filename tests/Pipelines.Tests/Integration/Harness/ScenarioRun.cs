using Pipelines.Promotion;
using Pipelines.Testing.Invariants;

namespace Pipelines.Tests.Integration.Harness;

/// <summary>One promotion run of a scenario, after the invariants were checked.</summary>
public sealed record ScenarioRun(
    int? ExitCode,
    string Stdout,
    string Stderr,
    PromotionReport? Report,
    string? ReportJson,
    string? Summary,
    PromotionScenarioResult Result)
{
    public string Output => Stdout + Stderr;

    public PromotionReport RequireReport() => Report ?? throw new Xunit.Sdk.XunitException($"no report was written; output:\n{Output}");

    public RepoReport RepoReport(string name) => RequireReport().Repos.Single(r => r.Name == name);

    /// <summary>The stage records with this name (a check's record is named <c>run-checks:NAME</c>).</summary>
    public IReadOnlyList<StageReport> Stages(string name) => RequireReport().Stages.Where(s => s.Name == name).ToList();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
