using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Benchmarks.Reporting;

namespace Pipelines.Benchmarks.Gate;

/// <summary>A gate scenario over several runs. Times in milliseconds, memory in MiB.</summary>
/// <param name="BoundMs">Computed from the scenario (<see cref="GateBound"/>), never measured.</param>
/// <param name="OverheadMs">Wall time less the bound.</param>
/// <param name="StartUpMs">Process start until the gate started: runtime, parsing, configuration (hidden in the readiness wait when staging is slower).</param>
/// <param name="ExitMs">The gate's end until the process exited: report, summary, shutdown.</param>
public sealed record GateResult(
    string Name,
    int Repositories,
    double LatencyMs,
    int? MaxParallel,
    bool Bypass,
    int RunAttempt,
    int Runs,
    double ReadinessMs,
    double CheckChainMs,
    double PushChainMs,
    double BoundMs,
    Spread WallMs,
    Spread OverheadMs,
    Spread StartUpMs,
    Spread InGateMs,
    Spread ExitMs,
    Spread PeakWorkingSetMiB,
    Spread CpuMs,
    int CallsPerRepository,
    IReadOnlyDictionary<string, int> CallsByRoute,
    int AuditCalls,
    double? OverheadTargetMs)
{
    public bool? MeetsOverheadTarget => OverheadTargetMs is { } target ? OverheadMs.Median <= target : null;

    public bool MeetsCallTarget =>
        CallsPerRepository <= Targets.CallsPerRepository && AuditCalls <= (Bypass ? Targets.AuditCalls : 0);

    public static GateResult From(GateScenario scenario, IReadOnlyList<GateRun> runs)
    {
        var bound = GateBound.For(scenario);
        var boundMs = bound.Total.TotalMilliseconds;
        return new GateResult(
            scenario.Name,
            scenario.Repositories,
            scenario.Latency.TotalMilliseconds,
            scenario.MaxParallel,
            scenario.Bypass,
            scenario.RunAttempt,
            runs.Count,
            bound.Readiness.TotalMilliseconds,
            bound.CheckChain.TotalMilliseconds,
            (bound.BeforePushes + bound.PushChain).TotalMilliseconds,
            boundMs,
            Spread.Of(runs.Select(r => r.Wall.TotalMilliseconds)),
            Spread.Of(runs.Select(r => r.Wall.TotalMilliseconds - boundMs)),
            Spread.Of(runs.Select(r => r.StartUp.TotalMilliseconds)),
            Spread.Of(runs.Select(r => r.InGate.TotalMilliseconds)),
            Spread.Of(runs.Select(r => r.Exit.TotalMilliseconds)),
            Spread.Of(runs.Select(r => r.PeakWorkingSetBytes / 1024.0 / 1024.0)),
            Spread.Of(runs.Select(r => r.Cpu.TotalMilliseconds)),
            runs.Max(r => r.CallsPerRepository),
            runs[^1].CallsByRoute,
            runs.Max(r => r.AuditCalls),
            Targets.OverheadMs(scenario, boundMs));
    }
}
