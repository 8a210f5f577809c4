namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>
/// A verified plugin's reds and recovery through the real command against the GitHub emulator,
/// run after run: the first red opens one labelled issue, the second consecutive red opens one
/// demotion pull request and one comment linking it, a green closes both; every run repeated
/// under the same run id writes nothing.
/// </summary>
public sealed class GitHubInvestigationTests
{
    private const string Registry = "/repos/GoCodeAlone/workflow-registry";
    private const string Tracker = "/repos/GoCodeAlone/workflow-plugin-gcp";
    private const string PlanCommand = "wfctl infra plan --plugin-dir ";

    [Fact]
    public async Task First_red_investigates_second_red_demotes_green_closes_and_each_rerun_writes_nothing()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("gcp", "verified"));
        var tracker = world.Tracker("gcp");
        world.Wfctl.Fail("gcp", "plan", "Planning 2 resources", "Error: googleapi: Error 400: Invalid value for field 'machineType'");

        // Run 1: the first red while verified.
        var first = await RunTwiceAsync(world, "9101");

        Assert.Equal(1, first.ExitCode);
        Assert.Equal([$"POST {Tracker}/issues"], GitHubPromotionTests.Writes(world.GitHub));
        var issue = Assert.Single(tracker.Issues);
        Assert.Equal(("live-deploy: gcp fails live validation", "open"), (issue.Title, issue.State));
        Assert.Equal(["live-deploy"], issue.Labels);
        Assert.StartsWith("<!-- live-deploy-run: 9101 plugin: gcp result: red -->", issue.Body);
        Assert.Contains(PlanCommand, issue.Body);
        Assert.Contains("Error 400: Invalid value for field 'machineType'", issue.Body);
        Assert.Contains(world.Commits["gcp"], issue.Body);
        Assert.Empty(world.Registry.PullRequests);
        AssertRow(first, "issue-opened", issue.HtmlUrl);

        // Run 2: the second consecutive red.
        var second = await RunTwiceAsync(world, "9102");

        Assert.Equal(1, second.ExitCode);
        Assert.Equal(
        [
            $"POST {Tracker}/issues",
            $"POST {Registry}/git/refs", $"PUT {Registry}/contents/plugins/workflow-plugin-gcp/manifest.json", $"POST {Registry}/pulls",
            $"POST {Tracker}/issues/{issue.Number}/comments",
        ], GitHubPromotionTests.Writes(world.GitHub));
        var demotion = Assert.Single(world.Registry.PullRequests);
        Assert.Equal(("live-deploy/gcp-experimental", "main", "open"), (demotion.Head, demotion.Base, demotion.State));
        Assert.Equal("gcp: demote to experimental", demotion.Title);
        Assert.Contains(issue.HtmlUrl, demotion.Body);
        Assert.Equal(world.Manifest("gcp", "experimental"), world.Registry.ReadFile(demotion.Head, GitHubLiveDeployWorld.ManifestPath("gcp")));
        Assert.Equal("verified", world.StatusOn("main", "gcp"));
        var comment = Assert.Single(tracker.Comments(issue.Number));
        Assert.Contains(demotion.HtmlUrl, comment.Body);
        Assert.StartsWith("<!-- live-deploy-run: 9102 plugin: gcp result: red -->", comment.Body);
        Assert.Single(tracker.Issues);
        AssertRow(second, "demote-pr", demotion.HtmlUrl);

        // Run 3: green again.
        world.Wfctl.Pass("gcp");
        var third = await RunTwiceAsync(world, "9103", sameReport: false);

        Assert.Equal(0, third.ExitCode);
        Assert.Equal(
        [
            $"POST {Registry}/issues/{demotion.Number}/comments", $"PATCH {Registry}/issues/{demotion.Number}",
            $"POST {Tracker}/issues/{issue.Number}/comments", $"PATCH {Tracker}/issues/{issue.Number}",
        ], GitHubPromotionTests.Writes(world.GitHub).Skip(5));
        Assert.Equal("closed", tracker.Issue(issue.Number)!.State);
        Assert.Equal("closed", Assert.Single(world.Registry.PullRequests).State);
        Assert.StartsWith("<!-- live-deploy-run: 9103 plugin: gcp result: green -->", tracker.Comments(issue.Number)[^1].Body);
        Assert.Equal(2, tracker.Comments(issue.Number).Count);
        Assert.Single(world.Registry.Comments(demotion.Number));
        Assert.Equal("verified", world.StatusOn("main", "gcp"));
        AssertRow(third, "issue-closed", issue.HtmlUrl);
    }

    [Fact]
    public async Task A_red_after_a_green_starts_counting_again_from_one()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");
        await world.RunAsync("9201");
        world.Wfctl.Pass("gcp");
        await world.RunAsync("9202");
        world.Wfctl.Fail("gcp", "plan", "Error: boom again");

        var red = await world.RunAsync("9203", o => o with { ReportPath = "report.json" });

        Assert.Equal(1, red.ExitCode);
        Assert.Empty(world.Registry.PullRequests);
        Assert.Equal(["closed", "open"], world.Tracker("gcp").Issues.OrderBy(i => i.Number).Select(i => i.State));
        Assert.Equal("issue-opened", ReportFile.Row(Path.Combine(world.Directory, "report.json"), "gcp")["action"]!.GetValue<string>());
    }

    /// <summary>
    /// Runs <paramref name="runId"/>, then the same run again: the repeat must write nothing and,
    /// while what it acted on is still open, report the same action and link. (A repeat after a
    /// green finds the issue closed, so it has nothing to report.)
    /// </summary>
    private static async Task<(int ExitCode, string Report)> RunTwiceAsync(GitHubLiveDeployWorld world, string runId, bool sameReport = true)
    {
        var report = Path.Combine(world.Directory, $"report-{runId}.json");
        var run = await world.RunAsync(runId, o => o with { ReportPath = report });
        var writes = GitHubPromotionTests.Writes(world.GitHub);

        var repeat = await world.RunAsync(runId, o => o with { ReportPath = report + ".repeat" });

        Assert.Equal(run.ExitCode, repeat.ExitCode);
        Assert.Equal(writes, GitHubPromotionTests.Writes(world.GitHub));
        if (sameReport)
        {
            var (row, repeatRow) = (ReportFile.Row(report, "gcp"), ReportFile.Row(report + ".repeat", "gcp"));
            Assert.Equal(row["action"]!.GetValue<string>(), repeatRow["action"]!.GetValue<string>());
            Assert.Equal(row["url"]?.GetValue<string>(), repeatRow["url"]?.GetValue<string>());
        }
        return (run.ExitCode, report);
    }

    private static void AssertRow((int ExitCode, string Report) run, string action, string url)
    {
        var row = ReportFile.Row(run.Report, "gcp");
        Assert.Equal((action, url), (row["action"]!.GetValue<string>(), row["url"]!.GetValue<string>()));
    }
}
