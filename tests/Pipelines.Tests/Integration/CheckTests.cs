using System.Diagnostics;
using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>Checks are real bash commands: a failure or a timeout blocks the gate.</summary>
public sealed class CheckTests
{
    [Fact]
    public async Task A_failing_check_blocks_and_its_last_lines_are_in_the_report()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config.WithChecks(
            new CheckSpec("smoke", "echo smoke passed"),
            new CheckSpec("e2e", "echo 'login page: expected 200, got 500'; exit 3"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.Blocked, run.RequireReport().Outcome);
        var e2e = Assert.Single(run.Stages("run-checks:e2e"));
        Assert.Equal(StageStatus.Failed, e2e.Status);
        Assert.Contains("login page: expected 200, got 500", e2e.Output);
        Assert.Equal(StageStatus.Passed, Assert.Single(run.Stages("run-checks:smoke")).Status);
        Assert.Contains("[e2e] login page", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(world.Writes);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
    }

    [Fact]
    public async Task A_check_that_outlives_its_timeout_is_killed_and_blocks()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "echo started; sleep 60") { Timeout = "500ms" });
        var clock = Stopwatch.StartNew();

        var run = await world.PromoteAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var e2e = Assert.Single(run.Stages("run-checks:e2e"));
        Assert.Equal(StageStatus.Failed, e2e.Status);
        Assert.Contains("timed out", e2e.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(world.Writes);
    }
}
