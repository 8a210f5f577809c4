using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Testing.GitHub;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>The whole gate against the GitHub emulator and real staging servers: outcomes, exit codes, final refs, requests.</summary>
public sealed class GitHubPromotionTests
{
    [Fact]
    public async Task Happy_path_fast_forwards_every_prod_after_health_version_and_checks_pass()
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.Promoted, run.RequireReport().Outcome);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        Assert.All(world.Repos, r => Assert.Equal(RepoStatus.Advanced, run.RepoReport(r.Name).Status));
        Assert.All(world.Repos, r => Assert.Equal(1, r.Staging.Version.Requests));
        Assert.Contains("[smoke] smoke passed", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, world.GitHub.Requests.Count("PATCH", "/repos/*/*/git/refs/heads/prod"));
        Assert.Empty(world.TrackerComments);
        Assert.Equal(0, world.GitHub.Requests.Count("POST", "/repos/*/*/issues/*/comments"));
    }

    [Fact]
    public async Task Noop_when_every_prod_already_matches_main_runs_no_probe_check_or_write()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend", RepoShape.Unchanged), new RepoSetup("metadata", RepoShape.Unchanged));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.Noop, run.RequireReport().Outcome);
        Assert.Empty(world.Writes);
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests + r.Staging.Version.Requests));
        Assert.DoesNotContain("[smoke]", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partial_noop_pushes_only_the_repository_that_is_behind_and_warns_of_no_split()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"), new RepoSetup("metadata", RepoShape.Unchanged));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.Promoted, run.RequireReport().Outcome);
        Assert.Equal(RepoStatus.Advanced, run.RepoReport("backend").Status);
        Assert.Equal(RepoStatus.Unchanged, run.RepoReport("metadata").Status);
        Assert.Single(world.RefWrites("backend"));
        Assert.Empty(world.RefWrites("metadata"));
        Assert.Equal(world["backend"].Main, world["backend"].Prod);
        Assert.DoesNotContain("split", run.Summary!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Seed_creates_a_missing_prod_branch_at_main()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend", RepoShape.NoProd), new RepoSetup("metadata"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(RepoStatus.Seeded, run.RepoReport("backend").Status);
        Assert.Null(run.RepoReport("backend").BeforeSha);
        Assert.Equal(world["backend"].Main, world["backend"].Prod);
        var create = Assert.Single(world.GitHub.Requests.Matching("POST", "/repos/WXYC/backend/git/refs"));
        Assert.Equal("push-backend", create.TokenName);
        Assert.Equal(world["metadata"].Main, world["metadata"].Prod);
    }

    [Fact]
    public async Task Diverged_prod_is_blocked_naming_the_repository_and_nothing_is_pushed()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"), new RepoSetup("metadata", RepoShape.Diverged));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.Blocked, run.RequireReport().Outcome);
        Assert.Contains("metadata", run.RequireReport().Message, StringComparison.Ordinal);
        Assert.Empty(world.Writes);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests));
    }
}
