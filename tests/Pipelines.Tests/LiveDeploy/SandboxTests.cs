using Pipelines.Execution;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Sandbox;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Tests.LiveDeploy;

/// <summary><c>pipelines sandbox live-deploy</c>'s story, end to end with real git, the real runner and the faithful stand-in wfctl.</summary>
public sealed class SandboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("live-deploy-sandbox-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Two_runs_show_all_four_verdicts_a_promotion_an_investigation_a_demotion_and_an_empty_cloud()
    {
        var caller = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = _directory,
        };

        var (sandbox, reports) = await LiveDeploySandbox.CreateAndRunAsync(_directory, new ProcessRunner(), caller, null, CancellationToken.None, WfctlStandIn.Launcher());
        await using var stop = sandbox;

        Assert.Equal(2, reports.Count);
        var first = reports[0].Plugins.ToDictionary(p => p.Plugin);
        var second = reports[1].Plugins.ToDictionary(p => p.Plugin);
        Assert.Equal("v0.85.4", reports[0].WfctlVersion);

        Assert.Equal((Verdict.Green, ReportAction.PromotePr), (first["digitalocean"].Verdict, first["digitalocean"].Action));
        Assert.Equal((1, 1, 1), (first["digitalocean"].Evidence!.Planned, first["digitalocean"].Evidence!.Applied, first["digitalocean"].Evidence!.Destroyed));
        Assert.Matches("^[0-9a-f]{64}$", first["digitalocean"].Evidence!.TarballSha256);
        Assert.Equal((Verdict.NotValidated, false), (first["aws"].Verdict, first["aws"].Counted));
        Assert.Contains("declares no infra.* resources", first["aws"].Reason);
        Assert.Contains("no example at v1.4.2", first["gcp"].Reason);
        Assert.Contains("not an IaC provider", first["tofu"].Reason);
        Assert.All(new[] { "aws", "gcp", "tofu" }, p => Assert.Equal(ReportAction.None, first[p].Action));
        Assert.Equal((Verdict.Red, ReportAction.IssueOpened), (first["acme"].Verdict, first["acme"].Action));
        Assert.Equal(Verdict.Leaked, first["leaky"].Verdict);
        Assert.Contains("teardown not verified", first["leaky"].TeardownFailure!.Termination);

        Assert.Equal(ReportAction.PromotePr, second["digitalocean"].Action);
        Assert.Equal(first["digitalocean"].Url, second["digitalocean"].Url);
        Assert.Equal(ReportAction.DemotePr, second["acme"].Action);
        Assert.Equal(LiveDeployExitCode.Leaked, reports[1].ExitCode);

        var pulls = Directory.GetFiles(sandbox.PullsPath, "*.md").Select(p => LocalThread.Parse(File.ReadAllText(p)).Header.Head).Order();
        Assert.Equal(["live-deploy/acme-experimental", "live-deploy/digitalocean-verified"], pulls);
        Assert.Empty(sandbox.World.Cloud());
        Assert.Contains("live-deploy:", sandbox.ConfigYaml);
        Assert.True(File.Exists(Path.Combine(_directory, "pipelines.yaml")));
        Assert.StartsWith("#!/bin/sh\n# STAND-IN for wfctl", File.ReadAllText(sandbox.Settings.Wfctl));
    }
}
