using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>
/// The state lives in GitHub and people change it between runs: a merged demotion, an issue
/// pushed off the first page by newer ones, an API under a path prefix (GitHub Enterprise).
/// </summary>
public sealed class GitHubStateTests
{
    private const string Registry = "/repos/GoCodeAlone/workflow-registry";
    private const string Tracker = "/repos/GoCodeAlone/workflow-plugin-gcp";

    [Fact]
    public async Task After_the_demotion_is_merged_a_red_is_noted_and_a_green_promotes_again_and_closes_the_investigation()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");
        await world.RunAsync("9401");
        await world.RunAsync("9402");
        var demotion = Assert.Single(world.Registry.PullRequests);
        await world.MergeAsync(demotion, "gcp");
        var issue = Assert.Single(world.Tracker("gcp").Issues).Number;

        var stillRed = await world.RunAsync("9403", o => o with { ReportPath = "red.json" });
        var afterRed = world.ToolWrites().Count;
        world.Wfctl.Pass("gcp");
        var green = await world.RunAsync("9404", o => o with { ReportPath = "green.json" });

        Assert.Equal((1, 0), (stillRed.ExitCode, green.ExitCode));
        Assert.Equal(("experimental", "issue-commented"), StatusAndAction(world, "red.json"));
        Assert.Equal($"POST {Tracker}/issues/{issue}/comments", world.ToolWrites()[afterRed - 1]);
        Assert.Equal(("experimental", "promote-pr"), StatusAndAction(world, "green.json"));
        Assert.Equal(
        [
            $"POST {Registry}/git/refs", $"PUT {Registry}/contents/plugins/workflow-plugin-gcp/manifest.json", $"POST {Registry}/pulls",
            $"POST {Tracker}/issues/{issue}/comments", $"PATCH {Tracker}/issues/{issue}",
        ], world.ToolWrites().Skip(afterRed));
        var promotion = world.Registry.PullRequests.Single(p => p.State == "open");
        Assert.Equal("live-deploy/gcp-verified", promotion.Head);
        Assert.Equal(world.Manifest("gcp", "verified"), world.Registry.ReadFile(promotion.Head, GitHubLiveDeployWorld.ManifestPath("gcp")));
        Assert.Equal("closed", world.Tracker("gcp").Issue(issue)!.State);
    }

    [Fact]
    public async Task An_investigation_pushed_past_the_first_page_by_newer_labelled_issues_is_still_found()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");
        await world.RunAsync("9501");
        var investigation = Assert.Single(world.Tracker("gcp").Issues).Number;
        for (var i = 0; i < 105; i++)
        {
            world.Tracker("gcp").AddIssue($"flaky staging quota, report {i}", "filed by a person", ["live-deploy"]);
        }

        var second = await world.RunAsync("9502", o => o with { ReportPath = "report.json" });

        Assert.Equal(1, second.ExitCode);
        Assert.True(world.GitHub.Requests.Count("GET", $"{Tracker}/issues") >= 3, "the second run read more than one page");
        Assert.Equal(106, world.Tracker("gcp").Issues.Count);
        Assert.Equal(("verified", "demote-pr"), StatusAndAction(world, "report.json"));
        Assert.Single(world.Tracker("gcp").Comments(investigation));
    }

    [Fact]
    public async Task Works_against_an_api_under_a_path_prefix_like_github_enterprise_server()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(
            new GitHubEmulatorOptions { PathPrefix = "/api/v3" },
            new WorldPlugin("aws", "experimental"), new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");

        var run = await world.RunAsync("9601");

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("/api/v3/", world.GitHub.BaseUrl.AbsoluteUri);
        Assert.Equal("live-deploy/aws-verified", Assert.Single(world.Registry.PullRequests).Head);
        Assert.Single(world.Tracker("gcp").Issues);
        Assert.All(world.GitHub.Requests.All, r => Assert.NotNull(r.Route));
    }

    [Fact]
    public async Task Writes_whose_answers_were_lost_are_found_by_the_rerun_of_the_same_run_and_never_made_twice()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"), new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");
        world.GitHub.Faults.Add(GitHubCalls.CreateIssue.Fault().ResetAfterApply().Once());
        world.GitHub.Faults.Add(GitHubCalls.CreatePull.Fault().ResetAfterApply().Once());

        var lost = await world.RunAsync("9701", o => o with { ReportPath = "lost.json" });
        var rerun = await world.RunAsync("9701", o => o with { ReportPath = "rerun.json" });

        Assert.Equal(1, lost.ExitCode);
        var lostReport = Path.Combine(world.Directory, "lost.json");
        Assert.All(["aws", "gcp"], plugin => Assert.NotNull(ReportFile.Row(lostReport, plugin)["policy_error"]?.GetValue<string>()));
        Assert.Equal(1, rerun.ExitCode);
        var issue = Assert.Single(world.Tracker("gcp").Issues);
        var pull = Assert.Single(world.Registry.PullRequests);
        var rerunReport = Path.Combine(world.Directory, "rerun.json");
        Assert.Equal(("issue-opened", issue.HtmlUrl), ActionAndUrl(rerunReport, "gcp"));
        Assert.Equal(("promote-pr", pull.HtmlUrl), ActionAndUrl(rerunReport, "aws"));
        Assert.Null(ReportFile.Row(rerunReport, "gcp")["policy_error"]?.GetValue<string>());
        Assert.Equal(1, world.GitHub.Requests.Count("POST", $"{Tracker}/issues"));
        Assert.Equal(1, world.GitHub.Requests.Count("POST", $"{Registry}/pulls"));
    }

    private static (string Action, string? Url) ActionAndUrl(string report, string plugin)
    {
        var row = ReportFile.Row(report, plugin);
        return (row["action"]!.GetValue<string>(), row["url"]?.GetValue<string>());
    }

    private static (string? StatusBefore, string Action) StatusAndAction(GitHubLiveDeployWorld world, string report)
    {
        var row = ReportFile.Row(Path.Combine(world.Directory, report), "gcp");
        return (row["status_before"]?.GetValue<string>(), row["action"]!.GetValue<string>());
    }
}
