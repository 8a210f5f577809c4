using Pipelines.Containers;
using static Pipelines.Tests.Dagger.PlannerFixtures;

namespace Pipelines.Tests.Dagger;

public sealed class LiveDeployPlanTests
{
    [Fact]
    public void Wfctl_and_the_releases_checksums_file_are_downloaded_in_a_container_step_for_the_requested_version()
    {
        var wfctl = Planner.LiveDeploy(Gate, LiveDeployArgs with { WfctlVersion = "v0.52.0" }, GateOutcome.FailWithGate)
            .Container(ContainerPlanner.WfctlContainer);

        Assert.Equal(
            [
                new EnvStep(PlanVariables.WfctlAsset, "wfctl-linux-amd64"),
                new EnvStep(PlanVariables.WfctlUrl, "https://github.com/GoCodeAlone/workflow/releases/download/v0.52.0/wfctl-linux-amd64"),
                new EnvStep(PlanVariables.WfctlChecksumsUrl, "https://github.com/GoCodeAlone/workflow/releases/download/v0.52.0/checksums.txt"),
            ],
            wfctl.Steps.OfType<EnvStep>());
        // No engine-side fetch (Query.http runs under the SDK client's HTTP timeout): only execs.
        Assert.Empty(wfctl.Steps.OfType<CopyFileStep>());
        Assert.Equal(
            [new ExecStep(["sh", "-c", ShellScripts.DownloadWfctl]), new ExecStep(["sh", "-c", ShellScripts.VerifyChecksum])],
            wfctl.Steps.OfType<ExecStep>());
    }

    [Fact]
    public void The_binary_is_checked_against_the_checksums_file_before_it_is_used()
    {
        var plan = Planner.LiveDeploy(Gate, LiveDeployArgs with { WfctlArch = "arm64" }, GateOutcome.FailWithGate);
        var wfctl = plan.Container(ContainerPlanner.WfctlContainer);

        Assert.Contains(new EnvStep(PlanVariables.WfctlAsset, "wfctl-linux-arm64"), wfctl.Steps);
        Assert.Equal(new ExecStep(["sh", "-c", ShellScripts.VerifyChecksum]), wfctl.Steps[^1]);

        // The gate takes the binary from the verifying container, so a failed check stops it.
        var install = plan.Container(ContainerPlanner.RunContainer).Steps.OfType<CopyFileStep>().Single();
        Assert.Equal(ContainerPaths.Wfctl, install.Path);
        Assert.Equal(new ContainerFile(ContainerPlanner.WfctlContainer, "/wfctl/wfctl-linux-arm64"), install.Source);
        Assert.Equal(Convert.ToInt32("755", 8), install.Permissions);
    }

    [Fact]
    public void A_pinned_digest_is_enforced_on_the_download_as_well()
    {
        var digest = new string('A', 64);

        var wfctl = Planner.LiveDeploy(Gate, LiveDeployArgs with { WfctlSha256 = digest }, GateOutcome.FailWithGate)
            .Container(ContainerPlanner.WfctlContainer);

        Assert.Contains(new EnvStep(PlanVariables.WfctlSha256, digest.ToLowerInvariant()), wfctl.Steps);
    }

    [Theory]
    [InlineData("", "amd64", null)]
    [InlineData("latest", "amd64", null)]
    [InlineData("1.2.3", "amd64", null)]
    [InlineData("v1.2.3;rm", "amd64", null)]
    [InlineData("v1.2.3", "386", null)]
    [InlineData("v1.2.3", "amd64", "not-a-digest")]
    public void A_malformed_wfctl_version_architecture_or_digest_is_refused(string version, string arch, string? sha)
    {
        Assert.Throws<ContainerPlanException>(() => Planner.LiveDeploy(
            Gate, LiveDeployArgs with { WfctlVersion = version, WfctlArch = arch, WfctlSha256 = sha }, GateOutcome.FailWithGate));
    }

    [Fact]
    public void The_cli_gets_each_plugin_the_depth_and_the_report_summary_and_junit_paths()
    {
        var plan = Planner.LiveDeploy(Gate, LiveDeployArgs with { Plugins = ["aws", "gcp"], Depth = "apply", DryRun = true }, GateOutcome.ReturnReport);

        var cli = plan.CliArguments();
        Assert.Equal("live-deploy", cli[0]);
        Assert.Equal(["--plugin", "aws", "--plugin", "gcp"], cli.Where((_, i) => i > 0 && (cli[i] == "--plugin" || cli[i - 1] == "--plugin")));
        Assert.Equal("apply", cli.FlagValue("--depth"));
        Assert.Contains("--dry-run", cli);
        Assert.Equal(ContainerPaths.JUnit, cli.FlagValue("--junit"));
        Assert.Equal(ContainerPaths.Report, cli.FlagValue("--report"));
        Assert.Equal(new DirectoryResult(ContainerPlanner.RunContainer, ContainerPaths.Out), plan.Result);
    }

    [Fact]
    public void Without_plugins_the_cli_validates_every_configured_plugin_at_the_configured_depth()
    {
        var cli = Planner.LiveDeploy(Gate, LiveDeployArgs with { Plugins = [] }, GateOutcome.FailWithGate).CliArguments();

        Assert.DoesNotContain("--plugin", cli);
        Assert.DoesNotContain("--depth", cli);
    }

    [Theory]
    [InlineData("AWS")]
    [InlineData("aws;id")]
    [InlineData("--depth")]
    [InlineData("")]
    public void A_malformed_plugin_name_is_refused(string plugin)
    {
        Assert.Throws<ContainerPlanException>(() =>
            Planner.LiveDeploy(Gate, LiveDeployArgs with { Plugins = [plugin] }, GateOutcome.FailWithGate));
    }

    [Fact]
    public void A_plugin_given_twice_or_an_unknown_depth_is_refused()
    {
        Assert.Throws<ContainerPlanException>(() =>
            Planner.LiveDeploy(Gate, LiveDeployArgs with { Plugins = ["aws", "aws"] }, GateOutcome.FailWithGate));
        Assert.Throws<ContainerPlanException>(() =>
            Planner.LiveDeploy(Gate, LiveDeployArgs with { Depth = "destroy" }, GateOutcome.FailWithGate));
    }

    [Fact]
    public void The_oidc_request_token_is_a_secret_variable_and_its_url_a_plain_one()
    {
        var plan = Planner.LiveDeploy(
            Gate,
            LiveDeployArgs with { HasOidcRequestToken = true, OidcRequestUrl = "https://pipelines.actions.githubusercontent.com/abc" },
            GateOutcome.FailWithGate);

        Assert.Contains(new SecretEnvStep(PlanVariables.OidcRequestToken, PlanInputs.OidcRequestToken), plan.AllSteps());
        Assert.Equal("https://pipelines.actions.githubusercontent.com/abc", plan.Variable(PlanVariables.OidcRequestUrl));
        Assert.Null(plan.Variable(PlanVariables.OidcRequestToken));
    }

    [Fact]
    public void An_oidc_request_url_that_is_not_https_is_refused()
    {
        Assert.Throws<ContainerPlanException>(() => Planner.LiveDeploy(
            Gate, LiveDeployArgs with { OidcRequestUrl = "http://169.254.169.254/" }, GateOutcome.FailWithGate));
    }

    [Fact]
    public void Live_deploy_runs_in_the_runtime_image_which_has_git_for_the_plugin_clones()
    {
        var run = Planner.LiveDeploy(Gate, LiveDeployArgs, GateOutcome.FailWithGate).Container(ContainerPlanner.RunContainer);

        Assert.Equal(new FromImageStep(ContainerImages.Default.Runtime), run.Steps[0]);
    }
}
