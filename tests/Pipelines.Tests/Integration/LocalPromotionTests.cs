using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Promotion.Audit;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>host: local — real git repositories on disk and a Markdown tracker, under the same rules as GitHub.</summary>
public sealed class LocalPromotionTests
{
    [Fact]
    public async Task Happy_path_fast_forwards_every_prod_branch()
    {
        await using var world = await LocalWorld.StartAsync();

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.Promoted, run.RequireReport().Outcome);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        Assert.All(run.Result.World.Repositories, r => Assert.Single(r.ProductMoves));
        Assert.False(File.Exists(world.TrackerPath));
    }

    [Fact]
    public async Task A_diverged_prod_is_blocked_and_nothing_moves()
    {
        await using var world = await LocalWorld.StartAsync(new RepoSetup("backend"), new RepoSetup("metadata", RepoShape.Diverged));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.Blocked, run.RequireReport().Outcome);
        Assert.Contains("metadata", run.RequireReport().Message, StringComparison.Ordinal);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests));
    }

    [Fact]
    public async Task A_missing_prod_branch_is_seeded()
    {
        await using var world = await LocalWorld.StartAsync(new RepoSetup("backend", RepoShape.NoProd));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(RepoStatus.Seeded, run.RepoReport("backend").Status);
        Assert.Equal(world["backend"].Main, world["backend"].Prod);
    }

    [Fact]
    public async Task Prod_moved_between_resolve_and_push_blocks_and_the_other_move_survives()
    {
        await using var world = await LocalWorld.StartAsync();
        var metadata = world["metadata"];
        var someoneElses = metadata.Repository.Git("rev-parse", "main~1");
        // The check plays another promotion landing while this one is being proven.
        world.Config = world.Config.WithChecks(new CheckSpec("other-promotion", "git -C \"$REPO\" update-ref refs/heads/prod \"$MOVE_TO\"")
        {
            Env = new Dictionary<string, string> { ["REPO"] = metadata.Repository.Path, ["MOVE_TO"] = someoneElses },
        });

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("metadata", run.RequireReport().Message, StringComparison.Ordinal);
        Assert.Equal(someoneElses, metadata.Prod);
        Assert.Equal(world["backend"].OriginalProd, world["backend"].Prod);
        Assert.Empty(run.Result.World.Repositories.Single(r => r.Name == "metadata").ProductMoves);
    }

    [Fact]
    public async Task A_bypass_appends_the_audit_entry_to_the_markdown_tracker()
    {
        await using var world = await LocalWorld.StartAsync();
        world["backend"].Staging.Health.Respond(Testing.Staging.StagingResponse.WithStatus(503));
        const string justification = "Staging is down; ``` @oncall [x](http://y)";

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = justification, RunId = "local-run-1", Actor = "alice" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        var tracker = File.ReadAllText(world.TrackerPath);
        Assert.Contains(AuditEntry.Marker("local-run-1", AuditEntry.BypassKind), tracker, StringComparison.Ordinal);
        var fence = AuditEntry.FenceFor(justification);
        Assert.Contains($"{fence}text\n{justification}\n{fence}", tracker, StringComparison.Ordinal);
        Assert.StartsWith(world.TrackerPath, run.RequireReport().Bypass!.AuditLocation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_earlier_entry_quoting_this_runs_marker_does_not_stop_the_audit_entry()
    {
        await using var world = await LocalWorld.StartAsync(new RepoSetup("backend"));
        var earlier = $"{AuditEntry.Marker("old-run", AuditEntry.BypassKind)}\n```text\n{AuditEntry.Marker("local-run-2", AuditEntry.BypassKind)}\n```";
        await new Pipelines.Git.MarkdownFileAuditTrail(world.TrackerPath).AppendAsync(earlier, CancellationToken.None);

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix", RunId = "local-run-2", Actor = "alice" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, run.Result.World.Posts.Count);
        Assert.StartsWith(AuditEntry.Marker("local-run-2", AuditEntry.BypassKind), run.Result.World.Posts[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_bypass_without_an_actor_stops_with_exit_2_because_no_token_says_who()
    {
        await using var world = await LocalWorld.StartAsync();

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix" });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--actor", run.Stderr, StringComparison.Ordinal);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        Assert.False(File.Exists(world.TrackerPath));
    }

    [Fact]
    public async Task A_dry_run_moves_no_branch_and_writes_no_tracker()
    {
        await using var world = await LocalWorld.StartAsync();

        var run = await world.PromoteAsync(new PromoteOptions { DryRun = true, SkipGate = true, Justification = "x", Actor = "alice" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.DryRun, run.RequireReport().Outcome);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        Assert.False(File.Exists(world.TrackerPath));
    }
}
