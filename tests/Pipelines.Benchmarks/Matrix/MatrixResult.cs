using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Benchmarks.Reporting;

namespace Pipelines.Benchmarks.Matrix;

/// <summary>A matrix scenario over several runs. Times in milliseconds, memory in MiB.</summary>
/// <param name="BoundMs">The wfctl time the schedule cannot avoid (<see cref="MatrixScenario.Bound"/>).</param>
/// <param name="SlowestMeasuredMs">The slowest plugin as live-deploy's report timed it (clone, wfctl, policy).</param>
public sealed record MatrixResult(
    string Name,
    int Plugins,
    int Parallel,
    int Runs,
    double SlowestPluginMs,
    double AllPluginsMs,
    double BoundMs,
    Spread WallMs,
    Spread OverheadMs,
    Spread SlowestMeasuredMs,
    Spread PeakWorkingSetMiB,
    Spread CpuMs,
    Spread ChildrenCpuMs,
    double? WallTargetMs)
{
    public bool? MeetsTarget => WallTargetMs is { } target ? WallMs.Median <= target : null;

    public static MatrixResult From(MatrixScenario scenario, IReadOnlyList<(ChildRun Run, double SlowestMeasuredMs)> runs)
    {
        var bound = scenario.Bound.TotalMilliseconds;
        var slowest = scenario.SlowestPlugin.TotalMilliseconds;
        return new MatrixResult(
            scenario.Name,
            scenario.Plugins,
            scenario.Parallel,
            runs.Count,
            slowest,
            scenario.AllPlugins.TotalMilliseconds,
            bound,
            Spread.Of(runs.Select(r => r.Run.Wall.TotalMilliseconds)),
            Spread.Of(runs.Select(r => r.Run.Wall.TotalMilliseconds - bound)),
            Spread.Of(runs.Select(r => r.SlowestMeasuredMs)),
            Spread.Of(runs.Select(r => r.Run.PeakWorkingSetBytes / 1024.0 / 1024.0)),
            Spread.Of(runs.Select(r => r.Run.CpuTime.TotalMilliseconds)),
            Spread.Of(runs.Select(r => r.Run.ChildrenCpuTime.TotalMilliseconds)),
            scenario.Parallel >= scenario.Plugins ? slowest + Targets.MatrixSlackMs : null);
    }
}
