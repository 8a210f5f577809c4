using System.Collections.Immutable;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Security;
using Pipelines.Tests.Execution;
using Pipelines.Testing.LiveDeploy;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>
/// Issue 9, point 5: a wfctl that outlives its timeout gets SIGINT, a grace period, then SIGKILL of
/// its whole tree (infra commands ignore SIGINT and SIGTERM, fact sheet 6.4), and teardown still
/// runs. Real processes (the stand-in wfctl through its shim, its plugin child); every wait of the
/// code under test is on a fake clock, moved only once the stand-in has hung.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WfctlStopTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private readonly string _root = Directory.CreateTempSubdirectory("wfctl-stop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_timed_out_apply_ignoring_sigint_and_sigterm_is_killed_with_its_tree_after_the_grace_and_teardown_empties_the_cloud()
    {
        var grace = TimeSpan.FromSeconds(7);
        var timeout = TimeSpan.FromMinutes(1);
        var wfctl = WfctlStandIn.Install(Path.Combine(_root, "stand-in"), ["digitalocean"]).Hang("apply");
        var commands = Commands(wfctl, grace);
        var time = new TimerWatchingTimeProvider(grace);
        var validator = new PluginValidator(new ProcessRunner(timeProvider: time), time);

        var validation = validator.ValidateAsync(commands, ValidationDepth.Apply, ["workflow-plugin-digitalocean"], timeout, timeout, SecretRedactor.None, null, CancellationToken.None);
        var (stuck, plugin) = await HungAsync(wfctl, validation);
        time.Advance(timeout); // the validation deadline: SIGINT, then the grace timer
        await time.TimerCreated.WaitAsync(Guard);
        var aliveDuringGrace = !validation.IsCompleted && !ChildProcesses.IsGone(stuck) && !ChildProcesses.IsGone(plugin);
        time.Advance(grace);
        var result = await validation.WaitAsync(Guard);

        Assert.True(aliveDuringGrace, "wfctl was stopped before its grace period ended");
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(stuck), "the hung wfctl survived");
        Assert.True(await ChildProcesses.WaitUntilGoneAsync(plugin), "wfctl's plugin process survived: the tree was not killed");
        Assert.Equal(Verdict.Red, result.Verdict);
        Assert.Equal($"timed out after {(timeout + grace).TotalSeconds:0.#}s (process tree killed)", result.Failure!.Termination);
        Assert.Null(result.TeardownFailure);
        Assert.Equal(["plan", "apply", "destroy", "status", "cleanup"], wfctl.InfraCalls().Select(c => c.Verb));
        Assert.Equal(1, result.Resources!.Destroyed); // what the killed apply had created
        Assert.Empty(wfctl.Cloud());
    }

    [Fact]
    public void Every_wfctl_command_carries_the_grace_period()
    {
        var grace = TimeSpan.FromSeconds(3);
        var commands = Commands(WfctlStandIn.Install(Path.Combine(_root, "stand-in"), ["digitalocean"]), grace);

        Assert.All([commands.Plan(), commands.Apply(), commands.Status(), commands.Destroy(), commands.Cleanup()], c => Assert.Equal(grace, c.GracePeriod));
        Assert.Equal(WfctlCommands.DefaultGracePeriod, WfctlCommands.VersionCommand("wfctl", ImmutableDictionary<string, string>.Empty).GracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(5), new Pipelines.LiveDeploy.LiveDeployServices(new ProcessRunner(), null!, TimeProvider.System).WfctlGracePeriod);
    }

    private WfctlCommands Commands(WfctlStandIn wfctl, TimeSpan grace)
    {
        var plugins = Path.Combine(_root, "plugins");
        StandInPlugins.InstallDigitalOcean(plugins);
        File.WriteAllText(Path.Combine(_root, "config.yaml"), $$"""
            infra:
              auto_bootstrap: false
            modules:
              - name: do-provider
                type: iac.provider
                config:
                  provider: digitalocean
                  token: ${DIGITALOCEAN_TOKEN}
              - name: state
                type: iac.state
                config:
                  backend: filesystem
                  directory: {{Path.Combine(_root, "state")}}
              - name: my-droplet
                type: infra.droplet
                config:
                  provider: do-provider
                  region: nyc1
            """);
        var environment = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["PATH"] = ChildProcesses.Path,
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? _root,
            ["DIGITALOCEAN_TOKEN"] = "dop_v1_not_real",
        });
        return new WfctlCommands(wfctl.Path, "config.yaml", "staging", _root, environment, "live-deploy-7", plugins, Path.Combine(_root, "plan.json"), gracePeriod: grace);
    }

    /// <summary>Waits (bounded, on the real clock) until the stand-in has applied and hung, with its plugin child started.</summary>
    private static async Task<(int Wfctl, int Plugin)> HungAsync(WfctlStandIn wfctl, Task validation)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (true)
        {
            if (wfctl.World.HungProcesses("digitalocean", "apply") is { } hung)
            {
                return hung;
            }

            Assert.False(validation.IsCompleted, "the validation ended before the apply hung");
            Assert.True(DateTime.UtcNow < deadline, "the stand-in never hung");
            await Task.Delay(20);
        }
    }
}
