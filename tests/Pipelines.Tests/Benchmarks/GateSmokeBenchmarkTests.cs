using Pipelines.Benchmarks.Gate;
using Pipelines.Benchmarks.Infrastructure;
using Pipelines.Benchmarks.Reporting;
using Xunit.Abstractions;

namespace Pipelines.Tests.Benchmarks;

/// <summary>
/// The smoke version of issue 6's benchmark: one small gate scenario, run as the real CLI against
/// the GitHub emulator and loopback staging services, exactly as tests/Pipelines.Benchmarks runs
/// it. It checks that the benchmark runs end to end (every run must promote every repository),
/// that the gate stays within its GitHub call budget, and, with a generous slack, its overhead.
/// </summary>
public sealed class GateSmokeBenchmarkTests(ITestOutputHelper output)
{
    /// <summary>
    /// How far the measured overhead may exceed issue 6's target here. The target (5 % of the
    /// bound + 300 ms) is for a Release build on a quiet 2-core machine; this test runs the Debug
    /// build while the rest of the suite runs beside it. The overhead is CPU-bound work (a poll
    /// interval, two check processes, the pushes, writing the report, the exit), which stretches
    /// with the run queue: it measured 250-330 ms inside the full suite at a load average of 2-3,
    /// and 260-920 ms (up to 2.2× the target) alone at a load average of 12-15 while five other
    /// builds ran. 4× (about 1.7 s) leaves room for a worse moment and still fails a gate that
    /// adds seconds of its own: a retry or drain delay left on the path, an exit that hangs.
    /// </summary>
    private const double OverheadSlack = 4;

    /// <summary>The CLI this test project built (Debug or Release, as the tests), run through the dotnet host.</summary>
    private static CliUnderTest Cli() => CliUnderTest.Built(
        RepositoryLayout.DotnetHost(),
        RepositoryLayout.Find().CliAssembly(RepositoryLayout.ConfigurationOf(typeof(GateSmokeBenchmarkTests).Assembly)));

    [Fact]
    public async Task A_two_repository_gate_promotes_within_its_call_budget_and_overhead_target()
    {
        // Staging comes up 2 s after the CLI starts (which hides the CLI's own start-up), then
        // e2e → canary take 0.4 s, and each push costs two 10 ms round trips.
        var scenario = new GateScenario
        {
            Repositories = 2,
            Latency = TimeSpan.FromMilliseconds(10),
            SlowestReadiness = TimeSpan.FromSeconds(2),
            Checks =
            [
                new CheckSpec("e2e", TimeSpan.FromSeconds(0.3), []),
                new CheckSpec("canary", TimeSpan.FromSeconds(0.1), ["e2e"]),
            ],
        };

        var result = await new GateBenchmark(Cli(), TextWriter.Null).RunAsync(scenario, runs: 1, CancellationToken.None);

        output.WriteLine($"wall {result.WallMs.Median:0} ms, bound {result.BoundMs:0} ms, overhead {result.OverheadMs.Median:0} ms (target {result.OverheadTargetMs:0} ms), start-up {result.StartUpMs.Median:0} ms, exit {result.ExitMs.Median:0} ms");
        Assert.Equal(2440, result.BoundMs);
        Assert.InRange(result.CallsPerRepository, 1, Targets.CallsPerRepository);
        Assert.Equal(0, result.AuditCalls);
        var allowed = OverheadSlack * result.OverheadTargetMs!.Value;
        Assert.True(
            result.OverheadMs.Median <= allowed,
            $"overhead {result.OverheadMs.Median:0} ms (wall {result.WallMs.Median:0} ms, bound {result.BoundMs:0} ms, start-up {result.StartUpMs.Median:0} ms, exit {result.ExitMs.Median:0} ms) " +
            $"is over {OverheadSlack}× the target of {result.OverheadTargetMs:0} ms");
    }

    [Fact]
    public async Task A_first_attempt_bypass_costs_one_call_for_its_audit_entry()
    {
        var scenario = new GateScenario { Repositories = 2, Latency = TimeSpan.Zero, Bypass = true, RunAttempt = 1 };

        var result = await new GateBenchmark(Cli(), TextWriter.Null).RunAsync(scenario, runs: 1, CancellationToken.None);

        Assert.InRange(result.CallsPerRepository, 1, Targets.CallsPerRepository);
        Assert.Equal(Targets.AuditCalls, result.AuditCalls);
    }
}
