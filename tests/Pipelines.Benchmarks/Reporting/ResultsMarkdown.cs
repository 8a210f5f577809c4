using System.Globalization;
using System.Text;
using Pipelines.Benchmarks.Gate;
using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Benchmarks.Matrix;

namespace Pipelines.Benchmarks.Reporting;

/// <summary>results.md: the machine, the targets with the measured numbers, then one table per scenario.</summary>
public static class ResultsMarkdown
{
    public static string Render(BenchmarkResults results)
    {
        var md = new StringBuilder();
        var m = results.Machine;
        md.AppendLine("# Pipelines benchmark results").AppendLine()
            .AppendLine(Invariant($"Measured {results.StartedAt:yyyy-MM-dd HH:mm} UTC in {(results.FinishedAt - results.StartedAt).TotalMinutes:0.0} min on {m.ProcessorCount} cores ({m.CpuModel}), {m.MemoryGiB:0.#} GiB, {m.Os}; .NET SDK {m.DotnetSdk}, {m.Runtime}."))
            .AppendLine(Invariant($"Load average (1 min) {results.LoadBefore:0.0} before and {results.LoadAfter:0.0} after: other work shared the cores."))
            .AppendLine(Invariant($"The gate and the matrix ran the CLI as `{results.Cli}` ({m.CliConfiguration}), {results.RunsPerScenario} runs per scenario; figures are median (min–max)."))
            .AppendLine();

        Targets(md, results);
        Gate(md, results.Gate.Where(g => g.MaxParallel is null && !g.Bypass).ToList());
        Parallel(md, results.Gate);
        Bypass(md, results.Gate.Where(g => g.Bypass).ToList());
        Calls(md, results.Gate);
        Matrix(md, results.Matrix);
        Startup(md, results);
        return md.ToString();
    }

    private static void Targets(StringBuilder md, BenchmarkResults results)
    {
        var rows = new List<(string Target, string Measured, bool? Met)>();
        var gates = results.Gate.Where(g => g.MaxParallel is null && !g.Bypass).ToList();
        foreach (var group in gates.Where(g => g.OverheadTargetMs is not null).GroupBy(g => g.Repositories <= 8))
        {
            var target = group.Key ? "gate overhead ≤ 5 % of bound + 300 ms (N ≤ 8)" : "gate overhead ≤ 1.5 s (N = 32)";
            var measured = string.Join("; ", group.Select(g => Invariant($"N={g.Repositories} L={g.LatencyMs:0}: {g.OverheadMs.Median:0} of {g.OverheadTargetMs:0} ms")));
            rows.Add((target, measured, group.All(g => g.MeetsOverheadTarget == true)));
        }

        var promoting = results.Gate.Where(g => !g.Bypass).ToList();
        if (promoting.Count > 0)
        {
            rows.Add(($"≤ {Reporting.Targets.CallsPerRepository} GitHub calls per repository (promoting gate)",
                Invariant($"{promoting.Max(g => g.CallsPerRepository)} per repository, no audit calls"),
                promoting.All(g => g.MeetsCallTarget)));
        }

        var bypass = results.Gate.Where(g => g.Bypass).ToList();
        if (bypass.Count > 0)
        {
            var first = bypass.Where(g => g.RunAttempt == 1).ToList();
            var rerun = bypass.Where(g => g.RunAttempt > 1).ToList();
            rows.Add(($"+{Reporting.Targets.AuditCalls} call for the bypass audit entry",
                Invariant($"first attempt: {first.Select(g => g.AuditCalls).DefaultIfEmpty().Max()}; re-run: {rerun.Select(g => g.AuditCalls).DefaultIfEmpty().Max()} (it looks for its marker first)"),
                first.All(g => g.AuditCalls <= Reporting.Targets.AuditCalls && g.CallsPerRepository <= Reporting.Targets.CallsPerRepository)));
        }

        foreach (var matrix in results.Matrix.Where(x => x.WallTargetMs is not null))
        {
            rows.Add((Invariant($"matrix of {matrix.Plugins} at parallel {matrix.Parallel}: wall ≤ slowest plugin + 1 s"),
                Invariant($"{matrix.WallMs.Median:0} ms, target {matrix.WallTargetMs:0} ms"), matrix.MeetsTarget));
        }

        foreach (var startup in results.Startup.Where(s => s.TargetMs is not null && s.Variant.Contains("as shipped", StringComparison.Ordinal)))
        {
            rows.Add((Invariant($"`{startup.Command}` ≤ {startup.TargetMs:0} ms (published, fresh process)"),
                Invariant($"{startup.WallMs.Format(" ms")}"), startup.MeetsTarget));
        }

        var largest = gates.Where(g => g.Repositories == gates.Select(x => x.Repositories).DefaultIfEmpty().Max()).ToList();
        if (largest.Count > 0)
        {
            rows.Add((Invariant($"peak working set ≤ {Reporting.Targets.PeakWorkingSetMiB:0} MiB at N = {largest[0].Repositories}"),
                string.Join("; ", largest.Select(g => Invariant($"L={g.LatencyMs:0}: {g.PeakWorkingSetMiB.Max:0.0} MiB (max)")).ToList()),
                largest.All(g => g.PeakWorkingSetMiB.Max <= Reporting.Targets.PeakWorkingSetMiB)));
        }

        md.AppendLine("## Targets").AppendLine()
            .AppendLine("| target | measured | met |")
            .AppendLine("| --- | --- | --- |");
        foreach (var (target, measured, met) in rows)
        {
            md.AppendLine(Invariant($"| {target} | {measured} | {Met(met)} |"));
        }

        md.AppendLine();
    }

    private static void Gate(StringBuilder md, IReadOnlyList<GateResult> gates)
    {
        if (gates.Count == 0)
        {
            return;
        }

        md.AppendLine("## Gate overhead").AppendLine()
            .AppendLine("Staging services become healthy between half of and 2 s after the CLI starts (polled every 100 ms, +20 % jitter); checks: e2e 1.0 s → canary 0.5 s, contract 0.7 s beside them.")
            .AppendLine("The bound is computed, not measured: slowest readiness + slowest check chain + N pushes × 2 round trips (the re-read and the fast-forward) × L.")
            .AppendLine("*Start-up* is from starting the process to the gate's start (from its report): it runs while staging is still coming up, so it is hidden unless staging is faster. *Exit* is from the gate's end to the process's exit (report, summary, shutdown): all of it is overhead.")
            .AppendLine()
            .AppendLine("| N | L | bound | wall | overhead | target | start-up | exit | peak working set | CPU | calls/repo |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var g in gates)
        {
            md.AppendLine(Invariant(
                $"| {g.Repositories} | {g.LatencyMs:0} ms | {g.BoundMs:0} ms ({g.ReadinessMs:0} + {g.CheckChainMs:0} + {g.PushChainMs:0}) | {g.WallMs.Format(" ms")} | {g.OverheadMs.Format(" ms")} | {(g.OverheadTargetMs is { } t ? $"{t:0} ms {Met(g.MeetsOverheadTarget)}" : "—")} | {g.StartUpMs.Format(" ms")} | {g.ExitMs.Format(" ms")} | {g.PeakWorkingSetMiB.Median:0.0} MiB (max {g.PeakWorkingSetMiB.Max:0.0}) | {g.CpuMs.Format(" ms")} | {g.CallsPerRepository} |"));
        }

        md.AppendLine();
    }

    private static void Parallel(StringBuilder md, IReadOnlyList<GateResult> all)
    {
        var pairs = all.Where(g => g.MaxParallel is not null && !g.Bypass)
            .Select(one => (Parallel: all.FirstOrDefault(p => p.MaxParallel is null && !p.Bypass && p.Repositories == one.Repositories && p.LatencyMs == one.LatencyMs), One: one))
            .ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        md.AppendLine("## Parallel versus one at a time").AppendLine()
            .AppendLine("The same scenarios with `--max-parallel 1`: repositories are resolved, compared, probed and verified one at a time, and checks run one at a time.")
            .AppendLine()
            .AppendLine("| N | L | bound (parallel) | parallel wall | one-at-a-time wall | concurrency saves |")
            .AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (parallel, one) in pairs)
        {
            var saves = parallel is null ? "—" : Invariant($"{one.WallMs.Median - parallel.WallMs.Median:0} ms ({one.WallMs.Median / parallel.WallMs.Median:0.0}×)");
            md.AppendLine(Invariant($"| {one.Repositories} | {one.LatencyMs:0} ms | {one.BoundMs:0} ms | {(parallel is null ? "—" : parallel.WallMs.Format(" ms"))} | {one.WallMs.Format(" ms")} | {saves} |"));
        }

        md.AppendLine();
    }

    private static void Bypass(StringBuilder md, IReadOnlyList<GateResult> bypass)
    {
        if (bypass.Count == 0)
        {
            return;
        }

        md.AppendLine("## Bypass").AppendLine()
            .AppendLine("`--skip-gate` with a justification: no probes or checks; the audit comment is posted before the pushes. The bound is (resolve + ancestry + audit + 2 × N) round trips × L.")
            .AppendLine("On a first attempt (GITHUB_RUN_ATTEMPT=1, or a run id generated by this run) no earlier entry can exist, so the tracker is not searched; a re-run (attempt 2 or an explicit `--run-id`) lists the tracker's comments first so it never posts the same entry twice.")
            .AppendLine()
            .AppendLine("| N | L | attempt | bound | wall | overhead | calls/repo | audit calls |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var g in bypass)
        {
            md.AppendLine(Invariant($"| {g.Repositories} | {g.LatencyMs:0} ms | {g.RunAttempt} | {g.BoundMs:0} ms | {g.WallMs.Format(" ms")} | {g.OverheadMs.Format(" ms")} | {g.CallsPerRepository} | {g.AuditCalls} |"));
        }

        md.AppendLine();
    }

    private static void Calls(StringBuilder md, IReadOnlyList<GateResult> all)
    {
        if (all.FirstOrDefault(g => !g.Bypass) is not { } sample)
        {
            return;
        }

        md.AppendLine(Invariant($"### GitHub calls for one repository ({sample.Name})")).AppendLine()
            .AppendLine("| route | calls |")
            .AppendLine("| --- | --- |");
        foreach (var (route, count) in sample.CallsByRoute.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            md.AppendLine(Invariant($"| `{route}` | {count} |"));
        }

        md.AppendLine();
    }

    private static void Matrix(StringBuilder md, IReadOnlyList<MatrixResult> matrix)
    {
        if (matrix.Count == 0)
        {
            return;
        }

        md.AppendLine("## Live-deploy matrix").AppendLine()
            .AppendLine(Invariant($"A stand-in wfctl (bash) takes {MatrixScenario.Fastest.TotalSeconds:0.0}–{MatrixScenario.Slowest.TotalSeconds:0.0} s per plugin, spread evenly (apply 60 %, destroy 40 %); host local (a git registry on disk), depth apply, every plugin green and verified."))
            .AppendLine("The bound is the wfctl time the schedule cannot avoid: the slowest plugin at parallel ≥ plugins, their sum at parallel 1. Wall includes the CLI's start-up, a git clone per plugin and the policy reads.")
            .AppendLine()
            .AppendLine("*CPU* is the CLI's own; *children* is what its git and wfctl processes used. On 2 cores, (CPU + children) / 2 is the least wall time that work needs on top of the waiting when nothing else runs.")
            .AppendLine()
            .AppendLine("| plugins | parallel | slowest plugin | all plugins | bound | wall | overhead | target | slowest as reported | CPU | children | peak working set |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var x in matrix)
        {
            md.AppendLine(Invariant(
                $"| {x.Plugins} | {x.Parallel} | {x.SlowestPluginMs:0} ms | {x.AllPluginsMs:0} ms | {x.BoundMs:0} ms | {x.WallMs.Format(" ms")} | {x.OverheadMs.Format(" ms")} | {(x.WallTargetMs is { } t ? $"≤ {t:0} ms {Met(x.MeetsTarget)}" : "—")} | {x.SlowestMeasuredMs.Format(" ms")} | {x.CpuMs.Format(" ms")} | {x.ChildrenCpuMs.Format(" ms")} | {x.PeakWorkingSetMiB.Median:0.0} MiB |"));
        }

        md.AppendLine();
    }

    private static void Startup(StringBuilder md, BenchmarkResults results)
    {
        if (results.Startup.Count == 0)
        {
            return;
        }

        md.AppendLine("## Start-up").AppendLine()
            .AppendLine("`dotnet publish -c Release` of src/Pipelines.Cli, started through its apphost as a fresh process (the variants interleaved, one run of each in turn). Runtime settings are applied as DOTNET_* variables to the same publish.")
            .AppendLine()
            .AppendLine("| variant | command | wall | CPU | peak working set | target |")
            .AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var s in results.Startup)
        {
            md.AppendLine(Invariant($"| {s.Variant} | `{s.Command}` | {s.WallMs.Format(" ms")} | {s.CpuMs.Format(" ms")} | {s.PeakWorkingSetMiB.Median:0.0} MiB | {(s.TargetMs is { } t ? $"≤ {t:0} ms {Met(s.MeetsTarget)}" : "—")} |"));
        }

        md.AppendLine();
    }

    private static string Met(bool? met) => met switch
    {
        true => "yes",
        false => "**no**",
        null => "—",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
