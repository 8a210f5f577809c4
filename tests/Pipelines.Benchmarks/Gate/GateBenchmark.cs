using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Reporting;

namespace Pipelines.Benchmarks.Gate;

/// <summary>
/// Runs a gate scenario several times as the real CLI and measures each run: wall time, the gate's
/// own time, peak working set, CPU, and the GitHub calls the emulator logged. Every run must
/// promote every repository (or the numbers would describe a gate that did not do its job).
/// </summary>
public sealed class GateBenchmark(CliUnderTest cli, TextWriter log, string? reportsDirectory = null)
{
    private long _runIds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1000;

    public async Task<GateResult> RunAsync(GateScenario scenario, int runs, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        await log.WriteLineAsync($"{scenario.Name}: {runs} run(s)").ConfigureAwait(false);
        await using var world = await GateWorld.CreateAsync(scenario, cancellationToken).ConfigureAwait(false);
        var measured = new List<GateRun>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await RunOnceAsync(world, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync(
                $"  run {run}: wall {result.Wall.TotalMilliseconds:0} ms = start-up {result.StartUp.TotalMilliseconds:0} + gate {result.InGate.TotalMilliseconds:0} + exit {result.Exit.TotalMilliseconds:0} ms, " +
                $"peak {result.PeakWorkingSetBytes / 1024.0 / 1024:0.0} MiB, cpu {result.Cpu.TotalMilliseconds:0} ms, " +
                $"calls/repo {result.CallsPerRepository}, audit calls {result.AuditCalls}").ConfigureAwait(false);
            measured.Add(result);
        }

        if (reportsDirectory is not null)
        {
            Directory.CreateDirectory(reportsDirectory);
            var file = string.Concat(scenario.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')) + ".json";
            await File.WriteAllTextAsync(Path.Combine(reportsDirectory, file), measured[^1].ReportJson, cancellationToken).ConfigureAwait(false);
        }

        return GateResult.From(scenario, measured);
    }

    private async Task<GateRun> RunOnceAsync(GateWorld world, CancellationToken cancellationToken)
    {
        world.Reset();
        var runId = Interlocked.Increment(ref _runIds);
        var scenario = world.Scenario;
        var arguments = new List<string> { "promote", "--config", world.ConfigPath, "--report", world.ReportPath };
        if (scenario.MaxParallel is { } limit)
        {
            arguments.AddRange(["--max-parallel", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (scenario.Bypass)
        {
            arguments.Add("--skip-gate");
        }

        var command = cli.Command(arguments, BenchmarkEnvironment.Minimal([.. world.Variables(runId)]), world.Directory, TimeSpan.FromMinutes(5));
        var auditEntriesBefore = world.Tracker.Comments(world.TrackerIssue).Count;
        var launched = DateTimeOffset.UtcNow;
        world.StartStaging(launched);
        var run = await ChildProcess.RunAsync(command, cancellationToken).ConfigureAwait(false);

        Verify(world, run, runId, auditEntriesBefore);
        var json = await File.ReadAllTextAsync(world.ReportPath, cancellationToken).ConfigureAwait(false);
        var report = ReportJson.Deserialize(json) ?? throw new BenchmarkFailure("the gate wrote an empty report");
        var startUp = report.StartedAt - launched;
        var inGate = TimeSpan.FromMilliseconds(report.DurationMs);
        var requests = world.GitHub.Requests.All;
        var perRepository = world.Repositories
            .Select(r => requests.Where(q => q.Path.StartsWith($"/repos/{r.Repository.FullName}/", StringComparison.Ordinal)).ToList())
            .ToList();
        var byRoute = perRepository[0]
            .GroupBy(q => q.Route ?? $"{q.Method} {q.Path}")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var auditCalls = requests.Count(q => q.Path.StartsWith($"/repos/{world.Tracker.FullName}/", StringComparison.Ordinal));

        return new GateRun(
            run.Wall,
            startUp,
            inGate,
            run.Wall - startUp - inGate,
            run.PeakWorkingSetBytes,
            run.CpuTime,
            perRepository.Max(r => r.Count),
            byRoute,
            auditCalls)
        {
            ReportJson = json,
        };
    }

    private static void Verify(GateWorld world, ChildRun run, long runId, int auditEntriesBefore)
    {
        if (run.ExitCode != 0)
        {
            throw new BenchmarkFailure($"{world.Scenario.Name}: the gate exited {run.ExitCode}:\n{run.Tail()}");
        }

        var notPromoted = world.Repositories.Where(r => r.Repository.Branch("prod") != r.Main).Select(r => r.Name).ToList();
        if (notPromoted.Count > 0)
        {
            throw new BenchmarkFailure($"{world.Scenario.Name}: exit 0 but prod did not move in {string.Join(", ", notPromoted)}");
        }

        var entries = world.Tracker.Comments(world.TrackerIssue);
        var expected = auditEntriesBefore + (world.Scenario.Bypass ? 1 : 0);
        if (entries.Count != expected || (world.Scenario.Bypass && !entries[^1].Body.Contains($"pipelines-run: {runId} bypass", StringComparison.Ordinal)))
        {
            throw new BenchmarkFailure($"{world.Scenario.Name}: expected {expected} audit entries on the tracker, found {entries.Count}");
        }
    }
}
