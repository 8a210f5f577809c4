using Pipelines.Benchmarks.Infrastructure;
using Pipelines.LiveDeploy.Reporting;

namespace Pipelines.Benchmarks.Matrix;

/// <summary>Runs <c>pipelines live-deploy</c> as the real CLI over a matrix world, several times, and measures it.</summary>
public sealed class MatrixBenchmark(CliUnderTest cli, TextWriter log, string? reportsDirectory = null)
{
    private int _runs;

    public async Task<IReadOnlyList<MatrixResult>> RunAsync(int plugins, IReadOnlyList<int> parallels, int runs, CancellationToken cancellationToken)
    {
        using var world = await MatrixWorld.CreateAsync(plugins, cancellationToken).ConfigureAwait(false);
        var results = new List<MatrixResult>();
        foreach (var parallel in parallels)
        {
            var scenario = new MatrixScenario(plugins, parallel);
            await log.WriteLineAsync($"{scenario.Name}: {runs} run(s), bound {scenario.Bound.TotalMilliseconds:0} ms").ConfigureAwait(false);
            var config = await world.ConfigAsync(parallel, cancellationToken).ConfigureAwait(false);
            var measured = new List<(ChildRun Run, double SlowestMeasuredMs)>();
            for (var run = 1; run <= runs; run++)
            {
                var result = await RunOnceAsync(world, config, cancellationToken).ConfigureAwait(false);
                await log.WriteLineAsync(
                    $"  run {run}: wall {result.Run.Wall.TotalMilliseconds:0} ms, slowest plugin as reported {result.SlowestMeasuredMs:0} ms, " +
                    $"peak {result.Run.PeakWorkingSetBytes / 1024.0 / 1024:0.0} MiB, cpu {result.Run.CpuTime.TotalMilliseconds:0} ms + children {result.Run.ChildrenCpuTime.TotalMilliseconds:0} ms").ConfigureAwait(false);
                measured.Add(result);
            }

            if (reportsDirectory is not null)
            {
                Directory.CreateDirectory(reportsDirectory);
                File.Copy(world.ReportPath, Path.Combine(reportsDirectory, $"matrix-{plugins}-parallel-{parallel}.json"), overwrite: true);
            }

            results.Add(MatrixResult.From(scenario, measured));
        }

        return results;
    }

    private async Task<(ChildRun Run, double SlowestMeasuredMs)> RunOnceAsync(MatrixWorld world, string config, CancellationToken cancellationToken)
    {
        var runId = $"bench-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}-{Interlocked.Increment(ref _runs)}";
        var environment = new Dictionary<string, string>(BenchmarkEnvironment.Minimal(), StringComparer.Ordinal);
        foreach (var (name, value) in world.Environment)
        {
            environment[name] = value;
        }

        var command = cli.Command(
            ["live-deploy", "--config", config, "--run-id", runId, "--report", world.ReportPath],
            environment, world.Directory, TimeSpan.FromMinutes(5));
        var run = await ChildProcess.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw new BenchmarkFailure($"live-deploy over {world.Plugins} plugins exited {run.ExitCode}:\n{run.Tail()}");
        }

        var report = LiveDeployReportJson.Deserialize(await File.ReadAllTextAsync(world.ReportPath, cancellationToken).ConfigureAwait(false))
            ?? throw new BenchmarkFailure("live-deploy wrote an empty report");
        if (report.Plugins.Count != world.Plugins)
        {
            throw new BenchmarkFailure($"live-deploy reported {report.Plugins.Count} plugins, not {world.Plugins}");
        }

        return (run, report.Plugins.Max(p => p.DurationMs));
    }
}
