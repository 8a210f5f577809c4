using System.Collections.Immutable;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>The command lines, as wfctl parses them (fact sheet 2.1, 6.6).</summary>
public sealed class WfctlCommandsTests
{
    private const string PluginDir = "/run/live-deploy-1/aws/plugins";

    private static readonly ImmutableDictionary<string, string> Env =
        ImmutableDictionary<string, string>.Empty.Add("AWS_REGION", "us-east-1");

    private static WfctlCommands Commands(string? owner = null) =>
        new("/opt/wfctl", "examples/minimal/config.yaml", "staging", "/work/aws", Env, WfctlCommands.TagFor("777"), PluginDir, "/run/live-deploy-1/aws/plan.json", owner);

    [Fact]
    public void Plan_passes_only_flags_with_the_plugin_dir_and_a_plan_file()
    {
        var plan = Commands().Plan();

        Assert.Equal("/opt/wfctl", plan.FileName);
        Assert.Equal(["infra", "plan", "--plugin-dir", PluginDir, "-c", "examples/minimal/config.yaml", "--env", "staging", "-o", "/run/live-deploy-1/aws/plan.json"], plan.Arguments.ToArray());
        Assert.Equal("/work/aws", plan.WorkingDirectory);
    }

    [Fact]
    public void Every_infra_command_gets_the_plugin_dir_as_flag_and_variable_and_no_update_check()
    {
        var commands = Commands("live-deploy-777");
        var all = new[] { commands.Plan(), commands.Apply(), commands.Status(), commands.Destroy(), commands.Cleanup(), commands.Owners()! };

        Assert.All(all, c => Assert.Equal(PluginDir, c.Arguments[c.Arguments.IndexOf("--plugin-dir") + 1]));
        Assert.All(all, c => Assert.Equal(PluginDir, c.Environment[WfctlCommands.PluginDirVariable]));
        Assert.All(all, c => Assert.Equal(("1", "true"), (c.Environment["WFCTL_NO_UPDATE_CHECK"], c.Environment["CI"])));
        Assert.All(all, c => Assert.Equal("us-east-1", c.Environment["AWS_REGION"]));
    }

    [Fact]
    public void Apply_and_destroy_get_y_and_cleanup_gets_the_config_env_and_tag()
    {
        var commands = Commands();

        Assert.Equal(["infra", "apply", "--plugin-dir", PluginDir, "-c", "examples/minimal/config.yaml", "--env", "staging", "-y"], commands.Apply().Arguments.ToArray());
        Assert.Equal(["infra", "destroy", "--plugin-dir", PluginDir, "-c", "examples/minimal/config.yaml", "--env", "staging", "-y"], commands.Destroy().Arguments.ToArray());
        Assert.Equal(["infra", "cleanup", "--plugin-dir", PluginDir, "-c", "examples/minimal/config.yaml", "--env", "staging", "--tag", "live-deploy-777", "--fix"], commands.Cleanup().Arguments.ToArray());
    }

    [Fact]
    public void Ownership_is_off_unless_an_owner_is_configured()
    {
        var without = Commands();
        var with = Commands("live-deploy-777");

        Assert.DoesNotContain("--owner", without.Apply().Arguments);
        Assert.False(without.Apply().Environment.ContainsKey(WfctlCommands.OwnerVariable));
        Assert.Null(without.Owners());
        Assert.Equal(["--owner", "live-deploy-777"], with.Apply().Arguments[^2..].ToArray());
        Assert.Equal(["--owner", "live-deploy-777"], with.Owners()!.Arguments[^2..].ToArray());
    }

    [Theory]
    [InlineData("--help", "staging", PluginDir)]
    [InlineData("examples/minimal/config.yaml", "-x", PluginDir)]
    [InlineData("examples/minimal/config.yaml", "staging", "relative/plugins")]
    public void Values_that_look_like_options_or_relative_plugin_dirs_are_refused(string example, string env, string pluginDir)
    {
        Assert.Throws<ArgumentException>(() => new WfctlCommands("wfctl", example, env, "/w", Env, "live-deploy-1", pluginDir, "/w/plan.json"));
    }
}
