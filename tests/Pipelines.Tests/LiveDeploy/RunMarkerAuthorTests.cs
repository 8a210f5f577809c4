using Pipelines.GitHub;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Reporting;
using Pipelines.Reporting;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Reliability;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>
/// Live-deploy counts a run marker only when the identity its token acts as wrote it (issue 12,
/// point 3): a full run against the loopback emulator, which records each issue's and comment's
/// author as the login of the token that wrote it, and answers 403 to <c>GET /user</c> for a
/// GitHub App installation token.
/// </summary>
public sealed class RunMarkerAuthorTests
{
    private const string Mallory = "mallory";

    private static string Marker(string runId, RecordedResult result) => new RunMarker(runId, "aws", result).Render();

    [Fact]
    public async Task A_spoofed_issue_by_another_author_neither_counts_a_red_nor_stops_our_own_issue()
    {
        // verified, demote after 2 reds: counting the spoofed red would make this red the second and demote.
        await using var world = await RegistryWorld.StartAsync(new GitHubClientOptions());
        world.WithManifest("verified").Green = false;
        var spoofed = world.WithOpenIssue("100", author: Mallory);

        var report = await world.RunAsync("200");

        var row = Assert.Single(report.Plugins);
        Assert.Equal(ReportAction.IssueOpened, row.Action);
        var ours = Assert.Single(world.TrackerRepo.Issues, i => i.Number != spoofed);
        Assert.Equal(RegistryWorld.Login, ours.Author);
        Assert.StartsWith(Marker("200", RecordedResult.Red), ours.Body, StringComparison.Ordinal);
        Assert.Empty(world.TrackerRepo.Comments(spoofed));
        Assert.Empty(world.RegistryRepo.PullRequests);
    }

    [Fact]
    public async Task A_spoofed_comment_carrying_this_runs_marker_does_not_stop_our_comment()
    {
        await using var world = await RegistryWorld.StartAsync(new GitHubClientOptions());
        world.WithManifest("experimental").Green = false;
        var issue = world.WithOpenIssue("100");
        world.TrackerRepo.AddComment(issue, Marker("200", RecordedResult.Red) + "\n\nalready recorded, honest", author: Mallory);

        var report = await world.RunAsync("200");

        Assert.Equal(ReportAction.IssueCommented, Assert.Single(report.Plugins).Action);
        var ourComment = Assert.Single(world.TrackerRepo.Comments(issue), c => c.Author == RegistryWorld.Login);
        Assert.StartsWith(Marker("200", RecordedResult.Red), ourComment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spoofed_green_comment_does_not_reset_the_consecutive_reds()
    {
        // Our issue holds one red; a green by someone else, if counted, would make this red the first, not the second.
        await using var world = await RegistryWorld.StartAsync(new GitHubClientOptions());
        world.WithManifest("verified").Green = false;
        var issue = world.WithOpenIssue("100");
        world.TrackerRepo.AddComment(issue, Marker("150", RecordedResult.Green), author: Mallory);

        var report = await world.RunAsync("200");

        Assert.Equal(ReportAction.DemotePr, Assert.Single(report.Plugins).Action);
        Assert.Single(world.RegistryRepo.PullRequests);
    }

    [Fact]
    public async Task Re_running_a_run_id_finds_our_own_entries_and_writes_nothing_twice_asking_who_we_are_once_per_run()
    {
        await using var world = await RegistryWorld.StartAsync(new GitHubClientOptions());
        world.WithManifest("experimental").Green = false;
        var issue = world.WithOpenIssue("100");
        await world.RunAsync("200");
        var writesAfterFirst = world.GitHub.Requests.Writes.Count;

        var again = await world.RunAsync("200");

        Assert.Equal(writesAfterFirst, world.GitHub.Requests.Writes.Count);
        Assert.Contains(Assert.Single(again.Plugins).Writes, w => w.Contains("already has this run's comment", StringComparison.Ordinal));
        Assert.Single(world.TrackerRepo.Comments(issue));
        Assert.Equal(2, world.GitHub.Requests.Count("GET", "/user"));
    }

    [Fact]
    public async Task An_app_token_without_a_configured_identity_falls_back_to_the_anchored_marker_with_a_warning()
    {
        await using var world = await RegistryWorld.StartAsync(new GitHubClientOptions(), appToken: true);
        world.WithManifest("experimental").Green = false;
        var issue = world.WithOpenIssue("100", author: Mallory);
        world.TrackerRepo.AddComment(issue, Marker("200", RecordedResult.Red), author: Mallory);

        var report = await world.RunAsync("200");

        // Authors cannot be checked, so the start-anchored markers count, as before, and the run says so.
        var row = Assert.Single(report.Plugins);
        Assert.Contains(row.Writes, w => w.Contains("already has this run's comment", StringComparison.Ordinal));
        Assert.DoesNotContain(world.TrackerRepo.Comments(issue), c => c.Author == RegistryWorld.Login);
        var warning = Assert.Single(row.Evidence!.Notes, n => n.StartsWith("warning: run markers", StringComparison.Ordinal));
        Assert.Contains("GET /user", warning, StringComparison.Ordinal);
        Assert.Contains("github.identity", warning, StringComparison.Ordinal);
        Assert.Contains(MarkdownText.Cell(warning), LiveDeploySummary.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_identity_is_used_without_asking_GitHub()
    {
        await using var world = await RegistryWorld.StartAsync(new GitHubClientOptions(), appToken: true);
        world.Identity = RegistryWorld.Login;
        world.WithManifest("experimental").Green = false;
        var issue = world.WithOpenIssue("100");
        world.TrackerRepo.AddComment(issue, Marker("200", RecordedResult.Red), author: Mallory);

        var report = await world.RunAsync("200");

        Assert.Single(world.TrackerRepo.Comments(issue), c => c.Author == RegistryWorld.Login);
        Assert.DoesNotContain(Assert.Single(report.Plugins).Evidence?.Notes ?? [], n => n.StartsWith("warning: run markers", StringComparison.Ordinal));
        Assert.Equal(0, world.GitHub.Requests.Count("GET", "/user"));
    }

    [Fact]
    public async Task A_run_with_no_marker_to_check_makes_no_GET_user_call()
    {
        await using var world = await RegistryWorld.StartAsync(new GitHubClientOptions());
        world.WithManifest("experimental");

        var report = await world.RunAsync("200");

        Assert.Equal(ReportAction.PromotePr, Assert.Single(report.Plugins).Action);
        Assert.Equal(0, world.GitHub.Requests.Count("GET", "/user"));
    }
}
