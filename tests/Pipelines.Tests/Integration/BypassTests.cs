using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Promotion.Audit;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Staging;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>--skip-gate: an audited bypass, posted to the tracker issue before anything moves.</summary>
public sealed class BypassTests
{
    private const string Justification =
        "Staging is down; hotfix for @WXYC/oncall ```` `` ``` [runbook](https://evil.example) \n# not a heading\n<img src=x>";

    [Fact]
    public async Task A_bypass_posts_the_justification_fenced_verbatim_before_the_first_ref_write()
    {
        await using var world = await GitHubWorld.StartAsync();
        foreach (var repo in world.Repos)
        {
            repo.Staging.Health.Respond(StagingResponse.Text(503, "down"));
        }

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = Justification, Actor = "octocat", RunId = "run-77" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests));
        var comment = Assert.Single(world.TrackerComments);
        var fence = AuditEntry.FenceFor(Justification);
        Assert.Contains($"{fence}text\n{Justification}\n{fence}", comment.Body, StringComparison.Ordinal);
        Assert.StartsWith(AuditEntry.Marker("run-77", AuditEntry.BypassKind), comment.Body, StringComparison.Ordinal);
        Assert.All(world.Repos, r => Assert.Contains(r.Main, comment.Body, StringComparison.Ordinal));
        var post = Assert.Single(world.GitHub.Requests.Matching("POST", "/repos/WXYC/wxyc-shared/issues/*/comments"));
        Assert.Equal(GitHubWorld.ReadTokenName, post.TokenName);
        var firstRefWrite = world.GitHub.Requests.All.First(r => r.IsWrite && r.Path.Contains("/git/refs", StringComparison.Ordinal));
        Assert.True(post.Sequence < firstRefWrite.Sequence, $"audit #{post.Sequence} must precede the first ref write #{firstRefWrite.Sequence}");
        var bypass = run.RequireReport().Bypass!;
        Assert.Equal("octocat", bypass.Actor);
        Assert.Equal(Justification, bypass.Justification);
        Assert.Equal(comment.HtmlUrl, bypass.AuditLocation);
    }

    [Fact]
    public async Task A_comment_that_quotes_this_runs_marker_does_not_stop_the_audit_entry()
    {
        await using var world = await GitHubWorld.StartAsync();
        // Anyone who can comment on the tracker could plant the marker of a predictable run id.
        world.Tracker.AddComment(world.TrackerIssue, $"pre-approved, see {AuditEntry.Marker("run-55", AuditEntry.BypassKind)}", author: "mallory");

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix", RunId = "run-55" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, world.TrackerComments.Count);
        Assert.StartsWith(AuditEntry.Marker("run-55", AuditEntry.BypassKind), world.TrackerComments[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_github_actions_the_entry_links_the_run_and_carries_its_id()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        var actions = new Dictionary<string, string>
        {
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_REPOSITORY"] = "WXYC/deploy",
            ["GITHUB_RUN_ID"] = "987654",
            ["GITHUB_ACTOR"] = "release-manager",
        };

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix" }, actions);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var entry = Assert.Single(world.TrackerComments).Body;
        Assert.StartsWith(AuditEntry.Marker("987654", AuditEntry.BypassKind), entry, StringComparison.Ordinal);
        Assert.Contains("<https://github.com/WXYC/deploy/actions/runs/987654>", entry, StringComparison.Ordinal);
        Assert.Contains("release-manager", entry, StringComparison.Ordinal);
        Assert.Matches(@"\*\*When:\*\* \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry);
    }

    [Fact]
    public async Task A_lost_answer_to_the_audit_comment_is_found_by_re_reading_and_never_posted_again()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(GitHubCalls.CreateComment.Fault().ResetAfterApply().Once());
        var options = new PromoteOptions { SkipGate = true, Justification = "hotfix", RunId = "run-lost" };

        // The entry landed; only its answer was lost. The tracker shows it, so the pushes go ahead.
        var first = await world.PromoteAsync(options);
        var second = await world.PromoteAsync(options);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Single(world.TrackerComments);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
    }

    [Fact]
    public async Task A_bypass_still_refuses_a_diverged_prod_and_posts_nothing()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend", RepoShape.Diverged));

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix" });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Empty(world.Writes);
        Assert.Empty(world.TrackerComments);
    }

    [Fact]
    public async Task A_bypass_with_nothing_to_push_posts_nothing()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend", RepoShape.Unchanged));

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.Noop, run.RequireReport().Outcome);
        Assert.Empty(world.Writes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    public async Task A_blank_justification_is_a_usage_error_before_any_request(string justification)
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = justification });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--justification", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(world.GitHub.Requests.All);
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests));
        Assert.Null(run.ReportJson);
    }

    [Fact]
    public async Task An_audit_comment_that_cannot_be_posted_blocks_every_push()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(GitHubCalls.CreateComment.Fault().Status(500, "Internal Server Error"));

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix" });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.Blocked, run.RequireReport().Outcome);
        Assert.Equal(StageStatus.Failed, Assert.Single(run.Stages(StageNames.LogBypass)).Status);
        Assert.DoesNotContain(world.GitHub.Requests.All, r => r.IsWrite && r.Path.Contains("/git/refs", StringComparison.Ordinal));
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        Assert.Empty(world.TrackerComments);
    }

    [Fact]
    public async Task A_rerun_of_the_same_run_finds_its_audit_entry_and_does_not_post_it_twice()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("PATCH", "/repos/WXYC/backend/git/refs/heads/prod").Status(500).Once());
        var options = new PromoteOptions { SkipGate = true, Justification = "hotfix", RunId = "run-9" };

        var first = await world.PromoteAsync(options);
        var second = await world.PromoteAsync(options);

        Assert.Equal(ExitCodes.Failure, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Single(world.TrackerComments);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
    }
}
