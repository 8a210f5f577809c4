using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Testing.GitHub;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>
/// A push that lands but whose answer is lost, and then the branch cannot be read: the run must
/// never say "nothing was pushed". The world's read retries and re-read budget are short
/// (<see cref="PromotionWorld.FastRetries"/>) so reads that keep failing end quickly.
/// </summary>
public sealed class UnknownPushTests
{
    private static string Prod(string repo) => $"/repos/WXYC/{repo}/git/ref/heads/prod";

    private static string ProdRef(string repo) => $"/repos/WXYC/{repo}/git/refs/heads/prod";

    /// <summary>The push to <paramref name="repo"/>'s prod lands, its connection drops, then reads of that prod answer 503 (<paramref name="failingReads"/> times; null: for good).</summary>
    private static void LoseThePushThenFailReads(GitHubWorld world, string repo, int? failingReads)
    {
        var lost = world.GitHub.Faults.Add(Fault.On("PATCH", ProdRef(repo)).ResetAfterApply().Once());
        var reads = Fault.On("GET", Prod(repo)).When(_ => lost.Hits > 0).Status(503, "Service Unavailable");
        world.GitHub.Faults.Add(failingReads is { } n ? reads.Times(n) : reads);
    }

    private static async Task<GitHubWorld> StartAsync(params RepoSetup[] setups)
    {
        var world = setups.Length == 0 ? await GitHubWorld.StartAsync() : await GitHubWorld.StartAsync(setups);
        world.FastRetries = true;
        return world;
    }

    private static Dictionary<string, string> ActionsOutput(GitHubWorld world) => new() { ["GITHUB_OUTPUT"] = world.Root.Combine("github_output") };

    [Fact]
    public async Task One_repository_whose_push_fate_is_unknown_ends_split_with_exit_3_never_blocked()
    {
        await using var world = await StartAsync(new RepoSetup("backend"));
        LoseThePushThenFailReads(world, "backend", failingReads: null);
        var environment = ActionsOutput(world);

        var run = await world.PromoteAsync(environment: environment);

        var report = run.RequireReport();
        Assert.Equal(ExitCodes.NeedsAttention, run.ExitCode);
        Assert.Equal(PromotionOutcome.Split, report.Outcome);
        Assert.DoesNotContain("nothing was pushed", report.Message, StringComparison.Ordinal);
        Assert.Contains("UNKNOWN whether backend moved", report.Message, StringComparison.Ordinal);
        var backend = run.RepoReport("backend");
        Assert.Equal(RepoStatus.Unknown, backend.Status);
        Assert.Null(backend.AfterSha);
        // It did land: the branch moved, and the run said it might have.
        Assert.Equal(world["backend"].Main, world["backend"].Prod);

        // The summary names the repository, the full SHA it may point at, and how to check and repair it.
        Assert.Contains("may be split", run.Summary, StringComparison.Ordinal);
        Assert.Contains(world["backend"].Main, run.Summary, StringComparison.Ordinal);
        Assert.Contains("git ls-remote origin refs/heads/prod", run.Summary, StringComparison.Ordinal);
        Assert.Contains("WXYC/backend", run.Summary, StringComparison.Ordinal);

        // The console says split, and the outputs record no definite pushed value for it.
        Assert.Contains("split", run.Stdout, StringComparison.OrdinalIgnoreCase);
        var outputs = File.ReadAllLines(environment["GITHUB_OUTPUT"]);
        Assert.Contains("outcome=split", outputs);
        Assert.DoesNotContain(outputs, line => line.StartsWith("backend_pushed=", StringComparison.Ordinal));
        Assert.DoesNotContain(outputs, line => line.StartsWith("backend_sha=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_rollback_what_moved_goes_back_and_the_unknown_one_is_read_once_more_before_settling_for_split()
    {
        await using var world = await StartAsync();
        LoseThePushThenFailReads(world, "metadata", failingReads: null);
        var environment = ActionsOutput(world);

        var run = await world.PromoteAsync(environment: environment);

        Assert.Equal(ExitCodes.NeedsAttention, run.ExitCode);
        Assert.Equal(PromotionOutcome.Split, run.RequireReport().Outcome);
        Assert.Equal(world["backend"].OriginalProd, world["backend"].Prod);
        Assert.Equal(RepoStatus.RolledBack, run.RepoReport("backend").Status);
        Assert.Equal(RepoStatus.Unknown, run.RepoReport("metadata").Status);
        var rollback = run.Stages(StageNames.Rollback);
        Assert.Contains(rollback, s => s.Repo == "metadata" && s.Detail.Contains("still UNKNOWN", StringComparison.Ordinal));
        Assert.Contains(rollback, s => s.Repo == "backend" && s.Status == StageStatus.Passed);
        var outputs = File.ReadAllLines(environment["GITHUB_OUTPUT"]);
        Assert.Contains("backend_pushed=false", outputs);
        Assert.DoesNotContain(outputs, line => line.StartsWith("metadata_pushed=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_hold_the_moved_one_stays_and_the_unknown_one_is_reported_unknown()
    {
        await using var world = await StartAsync();
        world.Config = world.Config with { OnSplit = "hold" };
        LoseThePushThenFailReads(world, "metadata", failingReads: null);

        var run = await world.PromoteAsync();

        Assert.True(run.ExitCode == ExitCodes.NeedsAttention, run.ToString());
        Assert.Equal(PromotionOutcome.Split, run.RequireReport().Outcome);
        Assert.Equal(RepoStatus.Advanced, run.RepoReport("backend").Status);
        Assert.Equal(RepoStatus.Unknown, run.RepoReport("metadata").Status);
        Assert.Empty(world.GitHub.Requests.Matching("POST", "/graphql"));
        Assert.Contains("(only if the check shows the push landed)", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_that_fail_for_a_few_seconds_after_a_lost_push_are_outlasted_by_the_re_read_budget()
    {
        await using var world = await StartAsync();
        // More failures than one ordinary read retries through (3 attempts), fewer than the re-read budget (4 reads of 3).
        LoseThePushThenFailReads(world, "metadata", failingReads: 7);

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.Promoted, run.RequireReport().Outcome);
        Assert.Contains("landed", Assert.Single(run.Stages(StageNames.PushProd), s => s.Repo == "metadata").Detail, StringComparison.Ordinal);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
    }
}
