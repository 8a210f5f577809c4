using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Testing.GitHub;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>A prod lookup that answers 404, 401 or 503: only a real 404 means "seed".</summary>
public sealed class ResolveFailureTests
{
    private const string ProdLookup = "/repos/WXYC/metadata/git/ref/heads/prod";

    [Fact]
    public async Task A_404_on_the_prod_lookup_means_seed()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"), new RepoSetup("metadata", RepoShape.NoProd));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(world.GitHub.Requests.Matching("GET", ProdLookup), r => r.Status == 404);
        Assert.Equal(RepoStatus.Seeded, run.RepoReport("metadata").Status);
        Assert.Equal(world["metadata"].Main, world["metadata"].Prod);
    }

    [Fact]
    public async Task A_401_on_the_prod_lookup_blocks_with_the_status_and_message_and_writes_nothing()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("GET", ProdLookup).Status(401, "Bad credentials"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var report = run.RequireReport();
        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains("401", report.Message, StringComparison.Ordinal);
        Assert.Contains("Bad credentials", report.Message, StringComparison.Ordinal);
        Assert.Empty(world.Writes);
        Assert.Single(world.GitHub.Requests.Matching("GET", ProdLookup));
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
    }

    [Fact]
    public async Task A_503_on_the_prod_lookup_is_retried_and_then_succeeds()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = SlowPollSettings(world.Config);
        world.GitHub.Faults.Add(Fault.On("GET", ProdLookup).Status(503, "Service Unavailable").Times(2));

        var run = await world.PromoteAsync(time: new AcceleratedTimeProvider(20));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lookups = world.GitHub.Requests.Matching("GET", ProdLookup);
        Assert.Equal([503, 503, 200], lookups.Take(3).Select(r => r.Status));
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
    }

    [Fact]
    public async Task A_503_that_persists_fails_after_the_retries_with_the_status_and_writes_nothing()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = SlowPollSettings(world.Config);
        world.GitHub.Faults.Add(Fault.On("GET", ProdLookup).Status(503, "Service Unavailable"));

        var run = await world.PromoteAsync(time: new AcceleratedTimeProvider(20));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var report = run.RequireReport();
        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains("503", report.Message, StringComparison.Ordinal);
        Assert.Equal(4, world.GitHub.Requests.Count("GET", ProdLookup));
        Assert.Empty(world.Writes);
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests));
    }

    [Fact]
    public async Task A_missing_main_branch_is_an_error_not_a_seed()
    {
        await using var world = await GitHubWorld.StartAsync();
        world["metadata"].Emulated.DeleteBranch("main");

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("metadata", run.RequireReport().Message, StringComparison.Ordinal);
        Assert.Empty(world.Writes);
    }

    [Fact]
    public async Task A_sha_that_is_not_40_lowercase_hex_is_an_error_naming_the_repository()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("GET", ProdLookup).WrongShape("{\"ref\":\"refs/heads/prod\",\"object\":{\"sha\":\"ABCDEF-not-a-sha\",\"type\":\"commit\"}}"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var resolve = Assert.Single(run.Stages(StageNames.ResolveShas), s => s.Repo == "metadata");
        Assert.Equal(StageStatus.Failed, resolve.Status);
        Assert.Empty(world.Writes);
    }

    // Under a clock running 20 times faster, poll settings are stretched to stay realistic in real time.
    private static ConfigSpec SlowPollSettings(ConfigSpec config) =>
        config with { PollTimeout = "60s", PollInterval = "2s", RequestTimeout = "20s" };
}
