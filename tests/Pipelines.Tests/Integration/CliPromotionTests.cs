using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Testing.GitHub;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>The same scenarios through the real CLI process, checked against the same invariants.</summary>
public sealed class CliPromotionTests
{
    [Fact]
    public async Task The_cli_promotes_and_writes_the_report()
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await world.PromoteWithCliAsync(["--actor", "octocat", "--run-id", "cli-1", "--trigger", "{\"sha\":\"untrusted\"}"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var report = run.RequireReport();
        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Equal(("cli-1", "octocat", "{\"sha\":\"untrusted\"}"), (report.RunId, report.Actor, report.Trigger));
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        Assert.Contains("outcome: promoted (exit 0)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_exits_3_on_a_held_split_and_1_on_a_rolled_back_one()
    {
        await using var world = await GitHubWorld.StartAsync();
        var rejected = world.GitHub.Faults.Add(Fault.On("PATCH", "/repos/WXYC/metadata/git/refs/heads/prod").Status(422, "Update is not a fast forward").Once());
        world.Config = world.Config with { OnSplit = "hold" };

        var held = await world.PromoteWithCliAsync([]);

        Assert.Equal(1, rejected.Hits);
        Assert.Equal(ExitCodes.NeedsAttention, held.ExitCode);
        Assert.Contains("SPLIT", held.Stdout, StringComparison.Ordinal);

        // The repair the summary names first: run again; only the branch still behind moves.
        var finished = await world.PromoteWithCliAsync([]);

        Assert.Equal(ExitCodes.Success, finished.ExitCode);
        Assert.Equal(RepoStatus.Unchanged, finished.RepoReport("backend").Status);
        Assert.Equal(RepoStatus.Advanced, finished.RepoReport("metadata").Status);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
    }

    [Fact]
    public async Task The_cli_masks_a_token_a_check_prints()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "echo \"token=$E2E_TOKEN\"") { PassEnv = ["E2E_TOKEN"] });

        var run = await world.PromoteWithCliAsync([], new Dictionary<string, string> { ["E2E_TOKEN"] = "cli-e2e-token-value-123" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("[e2e] token=***", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cli_killed_while_checks_run_moved_nothing_and_a_second_run_promotes()
    {
        await using var world = await GitHubWorld.StartAsync();
        var marker = world.Root.Combine("second-run");
        // The first run hangs in its check until killed; the second finds the marker file and passes.
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "echo checks-started; test -f \"$MARKER\" || sleep 60")
        {
            Env = new Dictionary<string, string> { ["MARKER"] = marker },
        });

        var killed = await world.PromoteWithCliAsync([], null, async cli =>
        {
            Assert.True(await cli.WaitForOutputAsync("[e2e] checks-started", TimeSpan.FromSeconds(60)), cli.StandardOutput);
            cli.Kill();
        });
        var writesBeforeSecondRun = world.Writes.Count;
        var prodsAfterKill = world.Repos.Select(r => r.Prod).ToList();
        File.WriteAllText(marker, "go");
        var second = await world.PromoteWithCliAsync(["--run-id", "after-kill"]);

        Assert.Null(killed.ExitCode);
        Assert.Null(killed.ReportJson);
        Assert.Equal(0, writesBeforeSecondRun);
        Assert.Equal(world.Repos.Select(r => r.OriginalProd), prodsAfterKill);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
    }
}
