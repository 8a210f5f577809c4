using Pipelines.Execution;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Sandbox;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Tests.LiveDeploy;

/// <summary><c>pipelines sandbox live-deploy</c>'s story, end to end with real git, the real runner and its stand-in wfctl.</summary>
public sealed class SandboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("live-deploy-sandbox-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Two_runs_show_a_promotion_an_investigation_and_a_demotion()
    {
        var caller = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = _directory,
        };

        var (sandbox, reports) = await LiveDeploySandbox.CreateAndRunAsync(_directory, new ProcessRunner(), caller, null, CancellationToken.None);

        Assert.Equal(2, reports.Count);
        var first = reports[0].Plugins.ToDictionary(p => p.Plugin);
        var second = reports[1].Plugins.ToDictionary(p => p.Plugin);
        Assert.Contains("stand-in", reports[0].WfctlVersion);

        Assert.Equal((Verdict.Green, ReportAction.PromotePr), (first["aws"].Verdict, first["aws"].Action));
        Assert.Equal((Verdict.Red, ReportAction.IssueOpened), (first["gcp"].Verdict, first["gcp"].Action));
        Assert.Equal((Verdict.Green, ReportAction.None), (first["azure"].Verdict, first["azure"].Action));
        Assert.Equal((Verdict.Red, ReportAction.None), (first["digitalocean"].Verdict, first["digitalocean"].Action));
        Assert.Equal((Verdict.Green, 2), (first["tofu"].Verdict, first["tofu"].Attempts));

        Assert.Equal(ReportAction.PromotePr, second["aws"].Action);
        Assert.Equal(first["aws"].Url, second["aws"].Url);
        Assert.Equal(ReportAction.DemotePr, second["gcp"].Action);
        Assert.Equal(LiveDeployExitCode.Red, reports[1].ExitCode);

        var pulls = Directory.GetFiles(sandbox.PullsPath, "*.md").Select(p => LocalThread.Parse(File.ReadAllText(p)).Header.Head).Order();
        Assert.Equal(["live-deploy/aws-verified", "live-deploy/gcp-experimental"], pulls);
        var issue = LocalThread.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(sandbox.TrackerPath("gcp"), "*.md"))));
        Assert.Single(issue.Comments);
        Assert.Contains("live-deploy:", sandbox.ConfigYaml);
        Assert.True(File.Exists(Path.Combine(_directory, "pipelines.yaml")));
        Assert.StartsWith("#!/usr/bin/env bash\n# STAND-IN for wfctl", File.ReadAllText(sandbox.Settings.Wfctl));
    }
}
