using System.Diagnostics;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>The status policy across runs, through the real runner and the local host (git registry, Markdown issues).</summary>
public sealed class LocalPolicyTests
{
    private static string Git(string repository, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repository };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    private static LocalThread Thread(string path) => LocalThread.Parse(File.ReadAllText(path));

    [Fact]
    public async Task Two_consecutive_reds_across_runs_open_an_issue_then_a_demotion_and_repeating_a_run_writes_nothing_new()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "verified"));
        world.Wfctl.FailAll("plan", "Error: googleapi: Error 400: Invalid value for field 'resource.machineType'");
        var runner = world.CreateRunner();

        var first = (await runner.RunAsync(world.Request("201"), CancellationToken.None)).Plugins.Single();
        var firstAgain = (await runner.RunAsync(world.Request("201"), CancellationToken.None)).Plugins.Single();

        Assert.Equal(ReportAction.IssueOpened, first.Action);
        Assert.Equal("verified", first.StatusBefore);
        Assert.Equal(ReportAction.IssueOpened, firstAgain.Action);
        Assert.Equal(first.Url, firstAgain.Url);
        var issuePath = Assert.Single(world.IssueFiles("gcp"));
        var issue = Thread(issuePath);
        Assert.Equal("open", issue.Header.State);
        Assert.Contains(IRegistryHost.IssueLabel, issue.Header.Labels);
        Assert.Contains("<!-- live-deploy-run: 201 plugin: gcp result: red -->", issue.Body);
        Assert.Contains("Invalid value for field", issue.Body);
        Assert.Contains(first.Commit!, issue.Body);
        Assert.Empty(issue.Comments);
        Assert.Empty(world.PullFiles());

        var second = (await runner.RunAsync(world.Request("202"), CancellationToken.None)).Plugins.Single();
        var secondAgain = (await runner.RunAsync(world.Request("202"), CancellationToken.None)).Plugins.Single();

        Assert.Equal(ReportAction.DemotePr, second.Action);
        Assert.Equal(ReportAction.DemotePr, secondAgain.Action);
        var pullPath = Assert.Single(world.PullFiles());
        Assert.Equal(pullPath, second.Url);
        var pull = Thread(pullPath);
        Assert.Equal("live-deploy/gcp-experimental", pull.Header.Head);
        Assert.Equal("open", pull.Header.State);
        var comment = Assert.Single(Thread(issuePath).Comments);
        Assert.Contains("<!-- live-deploy-run: 202 plugin: gcp result: red -->", comment);
        Assert.Contains(pullPath, comment);
        var diff = Git(world.Sandbox.RegistryPath, "diff", "--unified=0", "main", "live-deploy/gcp-experimental");
        Assert.Equal(
            ["-  \"status\": \"verified\",", "+  \"status\": \"experimental\","],
            diff.Split('\n').Where(l => l.StartsWith("-  ", StringComparison.Ordinal) || l.StartsWith("+  ", StringComparison.Ordinal)));
        Assert.Single(Git(world.Sandbox.RegistryPath, "log", "--format=%s", "main..live-deploy/gcp-experimental").Trim().Split('\n'));
    }

    [Fact]
    public async Task A_green_after_reds_closes_the_demotion_pull_request_and_the_issue()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "verified"));
        world.Wfctl.FailAll("plan", "Error: quota");
        var runner = world.CreateRunner();
        await runner.RunAsync(world.Request("211"), CancellationToken.None);
        await runner.RunAsync(world.Request("212"), CancellationToken.None);
        world.Wfctl.Pass("gcp");

        var green = (await runner.RunAsync(world.Request("213"), CancellationToken.None)).Plugins.Single();

        Assert.Equal(Verdict.Green, green.Verdict);
        Assert.Equal(ReportAction.IssueClosed, green.Action);
        var issue = Thread(Assert.Single(world.IssueFiles("gcp")));
        Assert.Equal("closed", issue.Header.State);
        Assert.Contains("<!-- live-deploy-run: 213 plugin: gcp result: green -->", issue.Comments[^1]);
        var pull = Thread(Assert.Single(world.PullFiles()));
        Assert.Equal("closed", pull.Header.State);
        Assert.Contains("213", pull.Comments.Single());
    }

    [Fact]
    public async Task A_red_while_experimental_without_an_issue_writes_nothing()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "experimental"));
        var runner = world.CreateRunner();
        world.Wfctl.FailAll("plan", "Error");

        var red = (await runner.RunAsync(world.Request("221"), CancellationToken.None)).Plugins.Single();

        Assert.Equal(ReportAction.None, red.Action);
        Assert.Empty(world.IssueFiles("gcp"));
        Assert.Empty(world.PullFiles());
    }

    [Fact]
    public async Task Green_while_experimental_opens_one_promotion_pull_request_however_often_it_runs()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "experimental"));
        var runner = world.CreateRunner();

        var first = (await runner.RunAsync(world.Request("301"), CancellationToken.None)).Plugins.Single();
        var second = (await runner.RunAsync(world.Request("302"), CancellationToken.None)).Plugins.Single();

        Assert.Equal(ReportAction.PromotePr, first.Action);
        Assert.Equal(ReportAction.PromotePr, second.Action);
        Assert.Equal(first.Url, second.Url);
        var pull = Thread(Assert.Single(world.PullFiles()));
        Assert.Equal("live-deploy/aws-verified", pull.Header.Head);
        Assert.Contains("<!-- live-deploy-run: 301 plugin: aws result: green -->", pull.Body);
        Assert.Contains(first.Commit!, pull.Body);
        Assert.Contains("\"status\": \"verified\"", Git(world.Sandbox.RegistryPath, "show", "live-deploy/aws-verified:plugins/workflow-plugin-aws/manifest.json"));
        Assert.Contains("\"status\": \"experimental\"", Git(world.Sandbox.RegistryPath, "show", "main:plugins/workflow-plugin-aws/manifest.json"));
    }

    [Fact]
    public async Task A_red_closes_an_open_promotion_pull_request()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "experimental"));
        var runner = world.CreateRunner();
        await runner.RunAsync(world.Request("311"), CancellationToken.None);
        world.Wfctl.FailAll("plan", "Error: broken");

        var red = (await runner.RunAsync(world.Request("312"), CancellationToken.None)).Plugins.Single();

        Assert.Equal(ReportAction.None, red.Action);
        Assert.Equal("closed", Thread(Assert.Single(world.PullFiles())).Header.State);
    }

    [Fact]
    public async Task A_dry_run_validates_and_reads_but_writes_nothing_and_lists_what_it_would_write()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "verified"), LiveDeployWorld.Plugin("aws", "experimental"));
        world.Settings = world.Settings with { Plugins = ["gcp", "aws"] };
        world.Wfctl.FailAll("plan", "Error");

        var report = await world.CreateRunner().RunAsync(world.Request("401").WithMode(LiveDeployMode.DryRun).WithPlugins("gcp"), CancellationToken.None);

        Assert.True(report.DryRun);
        var row = Assert.Single(report.Plugins);
        Assert.Equal(ReportAction.IssueOpened, row.Action);
        Assert.Null(row.Url);
        Assert.Contains(row.Writes, w => w.StartsWith("dry run, would: open investigation issue", StringComparison.Ordinal));
        Assert.Empty(world.IssueFiles("gcp"));
        Assert.Equal(["--version", "plan"], world.Wfctl.Verbs());
    }
}
