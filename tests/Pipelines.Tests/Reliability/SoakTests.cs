using System.Globalization;
using Pipelines.GitHub;
using Pipelines.Promotion;
using Pipelines.Testing.Invariants;
using Pipelines.Testing.Reliability;
using Pipelines.Tests.Integration.Harness;
using Xunit.Abstractions;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Consecutive promotions in one process against one emulator, with 5 % of GitHub calls faulted
/// at random (fixed seed), the invariants checked after every run, and the process's handles and
/// memory compared between the start and the end. The default run is short; set
/// <c>PIPELINES_SOAK=500</c> for the full soak.
/// </summary>
[Collection(nameof(ProcessWideMeasurements))]
public sealed class SoakTests(ITestOutputHelper output)
{
    public const string CountVariable = "PIPELINES_SOAK";
    private const int DefaultCount = 40;
    private const int WarmUpRuns = 10;
    private const int Seed = 20261123;
    private const double FaultRate = 0.05;

    /// <summary>Noise: pooled connections and server sockets come and go; a leak of one handle per run exceeds this within 40 runs.</summary>
    private const int HandleNoise = 24;

    /// <summary>Noise: pools, JIT'd code and the emulator's own growing state (its ref log and comments).</summary>
    private const long ManagedNoiseBytes = 24L * 1024 * 1024;

    [Fact]
    public async Task Consecutive_promotions_with_random_faults_keep_every_invariant_and_leak_nothing()
    {
        var count = Count();
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        var faults = RandomFaults.Install(world.GitHub, Seed, FaultRate, hangFor: TimeSpan.FromSeconds(10));
        var outcomes = new Dictionary<PromotionOutcome, int>();
        ResourceUsage? start = null;
        var openAtStart = 0;
        var peakWorkingSet = 0L;

        for (var run = 0; run < WarmUpRuns + count; run++)
        {
            if (run == WarmUpRuns)
            {
                openAtStart = ResourceUsage.OpenHandlesNow();
                start = ResourceUsage.Measure();
                peakWorkingSet = start.WorkingSetBytes;
            }

            world.AdvanceMain();
            world.GitHub.Requests.Clear();
            faults.NextRound();
            var arguments = run % 5 == 4
                ? PromoteArguments.Bypass($"soak run {run}: the checks are down", runId: $"soak-{run}")
                : PromoteArguments.Gate($"soak-{run}");

            var result = await InProcessPromote.RunAsync(world, arguments, ClientOptions);

            Assert.True(result.ExceptionMessages.Count == 0, $"run {run}: {string.Join("\n", result.ExceptionMessages)}");
            Assert.True(result.ExitCode is 0 or 1 or 3, $"run {run}: exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
            PromotionInvariants.AssertHolds(result);
            var outcome = result.EffectiveReport!.Outcome;
            if (run >= WarmUpRuns)
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }

            peakWorkingSet = Math.Max(peakWorkingSet, ResourceUsage.CurrentWorkingSet());
        }

        var openAtEnd = ResourceUsage.OpenHandlesNow();
        var end = ResourceUsage.Measure();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} promotions after {WarmUpRuns} warm-up runs, seed {Seed}, {FaultRate:P0} of calls faulted"));
        output.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        output.WriteLine($"requests drawn: {faults.Drawn}");
        output.WriteLine("faults: " + string.Join(", ", faults.Injected.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}")));
        output.WriteLine($"start: {start}");
        output.WriteLine($"end:   {end} ({openAtEnd} handles before collecting)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {peakWorkingSet / 1024.0 / 1024.0:0.0} MiB"));

        Assert.True(faults.Injected.Values.Sum() > 0, "no fault was injected");
        Assert.True(outcomes.GetValueOrDefault(PromotionOutcome.Promoted) > count / 2, "most runs should promote despite the faults");
        Assert.True(end.OpenHandles - start!.OpenHandles <= HandleNoise, $"handles grew from {start.OpenHandles} to {end.OpenHandles}");
        // Without a collection too: a run releases its connections when it ends, not when a collection finds them.
        Assert.True(openAtEnd - openAtStart <= HandleNoise, $"handles left open grew from {openAtStart} to {openAtEnd}");
        Assert.True(end.ManagedBytes - start.ManagedBytes <= ManagedNoiseBytes, $"managed memory grew from {start.ManagedBytes} to {end.ManagedBytes} bytes");
    }

    // Every call may hang here, so every call gets the short timeout.
    private static GitHubClientOptions ClientOptions(GitHubClientOptions options) => options
        .WithRequestTimeout(MatrixClient.HangTimeout)
        .WithRetry(new GitHubRetryOptions(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)));

    private static int Count() =>
        int.TryParse(Environment.GetEnvironmentVariable(CountVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : DefaultCount;
}
