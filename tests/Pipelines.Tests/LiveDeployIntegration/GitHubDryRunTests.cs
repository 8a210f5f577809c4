namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary><c>--dry-run</c> against the GitHub emulator: validation and every read for real, not one write request.</summary>
public sealed class GitHubDryRunTests
{
    [Fact]
    public async Task A_dry_run_validates_and_reads_but_sends_no_write_and_reports_what_it_would_do()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(
            new WorldPlugin("aws", "experimental"),
            new WorldPlugin("gcp", "verified"),
            new WorldPlugin("azure", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: permission denied");
        var azureIssue = world.Tracker("azure").AddIssue(
            "live-deploy: azure fails live validation",
            "<!-- live-deploy-run: 8000 plugin: azure result: red -->\n\nred",
            ["live-deploy"],
            author: GitHubLiveDeployWorld.TokenName);
        world.Tracker("azure").AddComment(azureIssue, "<!-- live-deploy-run: 8001 plugin: azure result: red -->\n\nstill red", author: GitHubLiveDeployWorld.TokenName);
        var branchesBefore = world.Registry.Branches;

        var run = await world.RunAsync("9301", o => o with { DryRun = true, ReportPath = "report.json" });

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(world.GitHub.Requests.Writes);
        Assert.Equal(3, world.GitHub.Requests.Count("GET", "/repos/GoCodeAlone/workflow-registry/contents/**"));
        Assert.Equal(["aws plan", "azure plan", "gcp plan"], world.Wfctl.InfraCalls().Select(c => $"{c.Plugin} {c.Verb}").Order(StringComparer.Ordinal));
        Assert.Empty(world.Registry.PullRequests);
        Assert.Empty(world.Tracker("gcp").Issues);
        Assert.Equal("open", world.Tracker("azure").Issue(azureIssue)!.State);
        Assert.Single(world.Tracker("azure").Comments(azureIssue));
        Assert.Equal(branchesBefore, world.Registry.Branches);

        var report = Path.Combine(world.Directory, "report.json");
        Assert.True(ReportFile.Read(report)["dry_run"]!.GetValue<bool>());
        Assert.Equal(("promote-pr", null), Action(report, "aws"));
        Assert.Equal(("issue-opened", null), Action(report, "gcp"));
        Assert.Equal("issue-closed", Action(report, "azure").Action);
        Assert.Contains("## live-deploy (dry run): run 9301", run.Output);
        Assert.StartsWith("dry run, would: open pull request live-deploy/aws-verified", Assert.Single(Writes(report, "aws")));
        Assert.StartsWith("dry run, would: open investigation issue", Assert.Single(Writes(report, "gcp")));
        Assert.Equal(["dry run, would: comment on issue", "dry run, would: close issue"], Writes(report, "azure").Select(w => w[..w.LastIndexOf(' ')]));
    }

    private static IReadOnlyList<string> Writes(string report, string plugin) =>
        ReportFile.Row(report, plugin)["writes"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();

    private static (string Action, string? Url) Action(string report, string plugin)
    {
        var row = ReportFile.Row(report, plugin);
        return (row["action"]!.GetValue<string>(), row["url"]?.GetValue<string>());
    }
}
