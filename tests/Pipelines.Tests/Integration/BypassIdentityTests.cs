using Pipelines.Commands;
using Pipelines.Promotion.Audit;
using Pipelines.Testing.Invariants;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>
/// A bypass names a real actor, and only the token's own comments count as this run's entries.
/// The emulator's read token acts as the login <c>read</c> (what <c>GET /user</c> answers and
/// what its comments carry as <c>user.login</c>).
/// </summary>
public sealed class BypassIdentityTests
{
    private const string AppTokenValue = "ghs_app_installation_0123456789abcdef";

    /// <summary>Swaps the read token for a GitHub App installation token (403 on GET /user, comments by my-app[bot]).</summary>
    private static Dictionary<string, string> WithAppToken(GitHubWorld world)
    {
        world.GitHub.AddToken(AppTokenValue, issueRepos: [GitHubWorld.TrackerFullName], name: "app", login: "my-app[bot]", app: true);
        return new Dictionary<string, string> { [GitHubWorld.ReadTokenEnv] = AppTokenValue };
    }

    [Fact]
    public async Task Without_an_actor_the_entry_names_the_identity_the_token_acts_as()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var entry = Assert.Single(world.TrackerComments);
        Assert.Contains("**Actor:** ` read (the identity the read token acts as) `", entry.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", entry.Body, StringComparison.Ordinal);
        Assert.Equal(1, world.GitHub.Requests.Count("GET", "/user"));
    }

    [Fact]
    public async Task Without_an_actor_or_any_identity_the_bypass_stops_with_exit_2_before_anything_is_written()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        var environment = WithAppToken(world);

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix" }, environment);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--actor", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("github.identity", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(world.Writes);
        Assert.Empty(world.TrackerComments);
        Assert.Equal(world["backend"].OriginalProd, world["backend"].Prod);
    }

    [Fact]
    public async Task A_configured_identity_serves_an_app_token_and_is_recorded_beside_a_given_actor()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        world.Config = world.Config with { Identity = "my-app[bot]" };
        var environment = WithAppToken(world);

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix", Actor = "alice" }, environment);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var entry = Assert.Single(world.TrackerComments);
        Assert.Equal("my-app[bot]", entry.Author);
        Assert.Contains("**Actor:** ` alice (the read token acts as my-app[bot]) `", entry.Body, StringComparison.Ordinal);
        Assert.Empty(world.GitHub.Requests.Matching("GET", "/user"));
    }

    [Fact]
    public async Task A_spoofed_entry_by_another_author_does_not_suppress_this_runs_entry()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        // Starts exactly like this run's entry would; only its author gives it away.
        world.Tracker.AddComment(world.TrackerIssue, AuditEntry.Marker("run-55", AuditEntry.BypassKind) + "\n### Promotion gate bypassed", author: "mallory");

        // The planted comment carries the marker too: that is the attack, not a duplicate post.
        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix", Actor = "alice", RunId = "run-55" }, except: PromotionInvariant.NoDuplicatePost);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, world.TrackerComments.Count);
        Assert.Equal("read", world.TrackerComments[1].Author);
        Assert.StartsWith(AuditEntry.Marker("run-55", AuditEntry.BypassKind), world.TrackerComments[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task This_runs_own_entry_from_an_earlier_attempt_is_found_and_not_posted_again()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        world.Tracker.AddComment(world.TrackerIssue, AuditEntry.Marker("run-56", AuditEntry.BypassKind) + "\n### Promotion gate bypassed", author: "read");

        // The earlier attempt's entry is a stand-in without the moves table the invariant reads.
        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix", Actor = "alice", RunId = "run-56" }, except: PromotionInvariant.GateBeforeMove);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Single(world.TrackerComments);
        Assert.Contains(run.Stages("log-bypass"), s => s.Detail.Contains("already recorded", StringComparison.Ordinal));
    }
}
