using System.Text.RegularExpressions;
using Pipelines.Configuration;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Sandbox;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>
/// The issue's proofs against the faithful stand-in: the release the registry lists is installed
/// (served as a real .tar.gz on loopback), a green needs a plan that loaded the plugin, what cannot be
/// exercised is not-validated, and depth apply leaves the stand-in's cloud empty.
/// </summary>
public sealed class ReleaseValidationTests
{
    [Fact]
    public async Task A_verified_plugin_installed_from_its_release_is_green_changes_nothing_and_wfctl_got_the_private_plugin_dir()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));

        var report = await world.CreateRunner().RunAsync(world.Request("301"), CancellationToken.None);

        var row = Assert.Single(report.Plugins);
        Assert.Equal((Verdict.Green, ReportAction.None), (row.Verdict, row.Action));
        Assert.Equal(ReleaseTarball.ForPlugin("digitalocean", LiveDeploySandbox.PluginVersion).Sha256, row.Evidence!.TarballSha256);
        Assert.Equal(("1.4.2", "v1.4.2", 1), (row.Evidence.Version, row.Evidence.Ref, row.Evidence.Planned));
        var plan = Assert.Single(world.Wfctl.InfraCalls());
        var pluginDir = plan.Arguments[plan.Arguments.ToList().IndexOf("--plugin-dir") + 1];
        Assert.True(Path.IsPathFullyQualified(pluginDir));
        Assert.Equal(pluginDir, plan.Environment["WFCTL_PLUGIN_DIR"]);
        Assert.Empty(world.PullFiles());
    }

    [Fact]
    public async Task The_same_plugin_without_the_install_is_red_no_plugin_found_so_the_install_is_what_makes_it_green()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        var empty = Directory.CreateDirectory(Path.Combine(world.Directory, "operator-plugins")).FullName;
        world.Settings = world.Settings with { Install = PluginInstallMode.None, PluginDir = empty };

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("302"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.Red, row.Verdict);
        Assert.Contains(row.Failure!.OutputTail, l => l.Contains("no plugin found for IaC provider \"digitalocean\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_example_without_resources_is_not_validated_and_opens_no_pull_request()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "experimental", "no-resources"));

        var report = await world.CreateRunner().RunAsync(world.Request("303"), CancellationToken.None);

        var row = Assert.Single(report.Plugins);
        Assert.Equal((Verdict.NotValidated, false, ReportAction.None), (row.Verdict, row.Counted, row.Action));
        Assert.Contains("declares no infra.* resources", row.Reason);
        Assert.Equal(LiveDeployExitCode.Green, report.ExitCode);
        Assert.Empty(world.Wfctl.InfraCalls());
        Assert.Empty(world.PullFiles());
    }

    [Fact]
    public async Task A_plan_whose_file_does_not_name_the_plugin_is_not_green()
    {
        // Resources but no iac.provider: wfctl plans them offline (fact sheet 2.3) and loads no
        // plugin, so the plan file's generator_metadata.plugins is empty. Nothing of the plugin ran.
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "experimental"));
        var repository = world.Sandbox.PluginRepository("aws");
        await File.WriteAllTextAsync(Path.Combine(repository, "examples", "minimal", "config.yaml"), "modules:\n  - name: net\n    type: infra.vpc\n    config:\n      cidr: 10.0.0.0/16\n");
        await world.GitAsync(repository, "commit", "--quiet", "-am", "offline example");
        await world.GitAsync(repository, "tag", "-f", "v" + LiveDeploySandbox.PluginVersion);

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("304"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.NotValidated, row.Verdict);
        Assert.Contains("generator_metadata.plugins (none) does not name workflow-plugin-aws", row.Reason);
        Assert.Equal(1, row.Evidence!.Planned);
        Assert.Empty(world.PullFiles());
    }

    [Fact]
    public async Task A_missing_example_at_the_tag_is_not_validated()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("gcp", "verified", "no-example"));

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("305"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.NotValidated, row.Verdict);
        Assert.Contains("no example at v1.4.2", row.Reason);
        Assert.Empty(world.IssueFiles("gcp"));
    }

    [Fact]
    public async Task An_example_committed_as_a_symlink_out_of_the_checkout_is_refused_and_never_read()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("aws", "experimental"));
        var repository = world.Sandbox.PluginRepository("aws");
        var outside = Path.Combine(world.Directory, "secret.yaml");
        await File.WriteAllTextAsync(outside, "modules:\n  - name: x\n    type: infra.vpc\n");
        var example = Path.Combine(repository, "examples", "minimal", "config.yaml");
        File.Delete(example);
        File.CreateSymbolicLink(example, outside);
        await world.GitAsync(repository, "commit", "--quiet", "-am", "example is a link");
        await world.GitAsync(repository, "tag", "-f", "v" + LiveDeploySandbox.PluginVersion);

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("306"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.NotValidated, row.Verdict);
        Assert.Contains("outside the plugin checkout", row.Reason);
        Assert.Empty(world.Wfctl.InfraCalls());
    }

    [Fact]
    public async Task Wfctl_below_min_engine_version_is_not_validated_and_runs_no_infra_command()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        world.Wfctl.World.WithVersion("v0.79.0");

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("307"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.NotValidated, row.Verdict);
        Assert.Contains("wfctl v0.79.0 is older than the plugin's minEngineVersion 0.80.1", row.Reason);
        Assert.Equal(["--version"], world.Wfctl.Verbs());
    }

    [Fact]
    public async Task A_dev_wfctl_is_not_comparable_and_validates_with_a_note()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        world.Wfctl.World.WithVersion("dev");

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("308"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.Green, row.Verdict);
        Assert.Contains(row.Evidence!.Notes, n => n.Contains("cannot be compared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checksum_that_still_mismatches_after_one_retry_is_a_counted_red_naming_both_hashes()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        var listed = ReleaseTarball.ForPlugin("digitalocean", LiveDeploySandbox.PluginVersion).Sha256;
        var wrong = new string('0', 64);
        await world.EditManifestAsync("digitalocean", m => m.Replace(listed, wrong, StringComparison.Ordinal));

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("309"), CancellationToken.None)).Plugins);

        Assert.Equal((Verdict.Red, true, ReportAction.IssueOpened), (row.Verdict, row.Counted, row.Action));
        Assert.Contains($"got {listed} then {listed}, want {wrong}", row.Failure!.Termination);
        Assert.Equal(2, world.Sandbox.Releases.Requests.Count(r => r == LiveDeploySandbox.ReleasePath("digitalocean")));
        Assert.Empty(world.Wfctl.InfraCalls());
    }

    [Fact]
    public async Task A_corrupted_first_download_is_retried_once_and_the_plugin_is_green_with_a_note()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        var good = ReleaseTarball.ForPlugin("digitalocean", LiveDeploySandbox.PluginVersion).Bytes;
        var served = 0;
        world.Sandbox.Releases.Serve(LiveDeploySandbox.ReleasePath("digitalocean"), () => Interlocked.Increment(ref served) == 1 ? good[..^10] : good);

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("310"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.Green, row.Verdict);
        Assert.Contains(row.Evidence!.Notes, n => n.Contains("the second did", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Depth_apply_on_an_example_without_state_validates_a_derived_copy_and_leaves_the_cloud_empty()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply };

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("311"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.Green, row.Verdict);
        Assert.Equal((1, 1, 1), (row.Evidence!.Planned, row.Evidence.Applied, row.Evidence.Destroyed));
        Assert.All(world.Wfctl.InfraCalls(), c => Assert.Contains("<derived example>", c.Shape()));
        Assert.Empty(world.Wfctl.Cloud());
    }

    [Fact]
    public async Task A_provider_that_fails_to_load_during_teardown_is_leaked_with_the_reason_and_exit_3()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply };
        world.Wfctl.LoadFails("digitalocean", "cleanup");

        var report = await world.CreateRunner().RunAsync(world.Request("312"), CancellationToken.None);

        var row = Assert.Single(report.Plugins);
        Assert.Equal(Verdict.Leaked, row.Verdict);
        Assert.Equal(LiveDeployExitCode.Leaked, report.ExitCode);
        Assert.Matches(new Regex("teardown not verified: cleanup did not ask every provider \\(warning: cleanup: load provider \"do-provider\""), row.TeardownFailure!.Termination);
    }

    [Fact]
    public async Task With_an_owner_configured_apply_tags_and_owners_must_report_nothing_left()
    {
        await using var world = await LiveDeployWorld.CreateAsync(LiveDeployWorld.Plugin("digitalocean", "verified"));
        world.Settings = world.Settings with { Depth = ValidationDepth.Apply, Owner = "live-deploy-{run}" };
        world.Wfctl.World.WithOwnership("ideal");

        var row = Assert.Single((await world.CreateRunner().RunAsync(world.Request("313"), CancellationToken.None)).Plugins);

        Assert.Equal(Verdict.Green, row.Verdict);
        Assert.Contains(world.Wfctl.InfraCalls(), c => c.Verb == "owners" && c.Arguments.TakeLast(2).SequenceEqual(["--owner", "live-deploy-313"]));
        Assert.Empty(world.Wfctl.Cloud());
    }
}
