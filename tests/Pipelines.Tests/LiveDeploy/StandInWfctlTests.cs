using System.Text.Json.Nodes;
using Pipelines.LiveDeploy.Sandbox.StandIn;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>
/// The stand-in wfctl against the rows of the fact sheet's section 7 table ("behaviour → how a
/// faithful stand-in should behave"), run in-process (the same code the shim runs), one test per row.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StandInWfctlTests : IDisposable
{
    private const string Example = """
        infra:
          auto_bootstrap: false
        modules:
          - name: do-provider
            type: iac.provider
            config:
              provider: digitalocean
              token: ${DIGITALOCEAN_TOKEN}
          - name: my-droplet
            type: infra.droplet
            config:
              provider: do-provider
            environments:
              staging:
                config:
                  name: my-app
                  region: nyc1
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("stand-in-wfctl-").FullName;
    private readonly StandInWorld _world;
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal) { ["DIGITALOCEAN_TOKEN"] = "dop_v1_not_real", ["CI"] = "true" };

    public StandInWfctlTests()
    {
        _world = new StandInWorld(Path.Combine(_root, "world"));
        File.WriteAllText(Path.Combine(_root, "config.yaml"), Example);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Plugin_dir_flag_wins_over_the_variable_and_the_default_is_data_plugins_under_the_working_directory()
    {
        Install("plugins");
        _env["WFCTL_PLUGIN_DIR"] = Path.Combine(_root, "elsewhere");

        Assert.Equal(0, Run(out _, out _, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging"));
        Assert.Equal(1, Run(out _, out var viaVariable, "infra", "plan", "-c", "config.yaml", "--env", "staging"));
        Assert.Contains($"in {Path.Combine(_root, "elsewhere")} —", viaVariable);
        _env.Remove("WFCTL_PLUGIN_DIR");
        Assert.Equal(1, Run(out _, out var byDefault, "infra", "plan", "-c", "config.yaml", "--env", "staging"));
        Assert.Contains("error: no plugin found for IaC provider \"digitalocean\" in ./data/plugins — run: wfctl plugin install <plugin-name>", byDefault);
    }

    [Fact]
    public void A_plugin_json_without_iacProvider_name_is_not_found_and_stdout_stays_empty()
    {
        Install("plugins", withProviderName: false);

        var code = Run(out var stdout, out var stderr, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging");

        Assert.Equal((1, ""), (code, stdout));
        Assert.Contains("error: no plugin found for IaC provider \"digitalocean\"", stderr);
    }

    [Fact]
    public void A_matching_plugin_without_its_binary_is_reported_by_directory_name()
    {
        Install("plugins");
        File.Delete(Path.Combine(_root, "plugins", "digitalocean", "digitalocean"));

        Assert.Equal(1, Run(out _, out var stderr, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging"));
        Assert.Contains("error: plugin \"digitalocean\" declares provider \"digitalocean\" but binary is missing — run: wfctl plugin install digitalocean", stderr);
    }

    [Fact]
    public void Plan_of_n_resources_prints_the_table_the_summary_and_with_o_a_plan_file_naming_the_plugin()
    {
        Install("plugins");

        var code = Run(out var stdout, out var stderr, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging", "-o", "plan.json");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n');
        Assert.Equal("Infrastructure Plan — config.yaml", lines[0]);
        Assert.Contains("+ create  my-app  (infra.droplet)", lines);
        Assert.Contains("Plan: 1 to create, 0 to update, 0 to replace, 0 to destroy.", lines);
        Assert.Contains("Plan saved to plan.json", lines);
        Assert.Contains("[external-plugins]", stderr); // plugin-host noise goes to stderr, never stdout
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "plan.json")))!;
        Assert.Equal("workflow-plugin-digitalocean", (string?)plan["generator_metadata"]!["plugins"]![0]!["name"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, "plan.json")));
    }

    [Fact]
    public void Plan_without_resources_says_no_changes_loads_no_plugin_and_needs_no_credentials()
    {
        File.WriteAllText(Path.Combine(_root, "config.yaml"), "modules:\n  - name: aws-provider\n    type: iac.provider\n    config:\n      provider: aws\n");

        var code = Run(out var stdout, out var stderr, "infra", "plan", "-c", "config.yaml");

        Assert.Equal(0, code);
        Assert.Equal("Infrastructure Plan — config.yaml\n\nNo changes. Infrastructure is up-to-date.\n", stdout);
        Assert.DoesNotContain("[external-plugins]", stderr);
    }

    [Fact]
    public void A_missing_do_token_fails_at_plugin_initialisation_with_the_rpc_error()
    {
        Install("plugins");
        _env.Remove("DIGITALOCEAN_TOKEN");

        Assert.Equal(1, Run(out _, out var stderr, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging"));
        Assert.Contains("error: rpc error: code = Unknown desc = digitalocean: missing required config key 'token'", stderr);
    }

    [Fact]
    public void Flags_stop_at_the_first_positional_and_unknown_flags_exit_1()
    {
        Assert.Equal(1, Run(out _, out var stderr, "infra", "plan", "--bogus"));
        Assert.Contains("flag provided but not defined: -bogus", stderr);
        Assert.Contains("error: flag provided but not defined: -bogus", stderr);
    }

    [Fact]
    public void Apply_without_y_fails_without_a_terminal_and_does_nothing()
    {
        Install("plugins");

        Assert.Equal(1, Run(out _, out var stderr, "infra", "apply", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging"));
        Assert.Contains("error: prompt: stdin is not a terminal", stderr);
        Assert.Empty(_world.Cloud());
    }

    [Fact]
    public void Without_an_iac_state_module_apply_creates_but_destroy_has_nothing_to_destroy_and_the_resource_stays()
    {
        Install("plugins");
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging" };

        Assert.Equal(0, Run(out var applied, out _, ["infra", "apply", .. flags, "-y"]));
        Assert.Contains("  ✓ my-app (infra.droplet)", applied.Split('\n'));
        Assert.Equal(0, Run(out var destroyed, out _, ["infra", "destroy", .. flags, "-y"]));
        Assert.Contains("No resources tracked in state — nothing to destroy.", destroyed);
        Assert.Single(_world.Cloud()); // the droplet keeps running (fact sheet 3.7)
    }

    [Fact]
    public void With_filesystem_state_apply_status_destroy_status_leave_an_empty_cloud()
    {
        Install("plugins");
        File.AppendAllText(Path.Combine(_root, "config.yaml"), $"\n  - name: state\n    type: iac.state\n    config:\n      backend: filesystem\n      directory: {Path.Combine(_root, "state")}\n");
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging" };

        Assert.Equal(0, Run(out _, out _, ["infra", "apply", .. flags, "-y"]));
        Assert.True(File.Exists(Path.Combine(_root, "state", "my-app.json")));
        Assert.Equal(0, Run(out var status, out _, ["infra", "status", .. flags]));
        Assert.Contains("active", status);
        Assert.Equal(0, Run(out var destroyed, out _, ["infra", "destroy", .. flags, "-y"]));
        Assert.Contains("  ✓ destroyed my-app", destroyed.Split('\n'));
        Assert.Equal(0, Run(out var after, out _, ["infra", "status", .. flags]));
        Assert.Contains("No resources tracked in state.", after.Split('\n'));
        Assert.Empty(_world.Cloud());
    }

    [Fact]
    public void Status_cleanup_and_owners_exit_0_when_the_provider_fails_to_load_and_say_so_only_in_a_warning()
    {
        Install("plugins");
        File.AppendAllText(Path.Combine(_root, "config.yaml"), $"\n  - name: state\n    type: iac.state\n    config:\n      directory: {Path.Combine(_root, "state")}\n");
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging" };
        Run(out _, out _, ["infra", "apply", .. flags, "-y"]);
        _world.Inject("digitalocean", "status", "load-fails").Inject("digitalocean", "cleanup", "load-fails").Inject("digitalocean", "owners", "load-fails");

        Assert.Equal(0, Run(out var status, out _, ["infra", "status", .. flags]));
        Assert.Contains("WARNING: load provider \"do-provider\":", status);
        Assert.Equal(0, Run(out var cleanup, out var cleanupErr, ["infra", "cleanup", .. flags, "--tag", "t", "--fix"]));
        Assert.Contains("warning: cleanup: load provider \"do-provider\" (digitalocean):", cleanupErr);
        Assert.Equal("", cleanup);
        Assert.Equal(0, Run(out var owners, out _, ["infra", "owners", .. flags, "--owner", "o"]));
        Assert.Equal("no resources owned by \"o\"\n", owners); // meaningless: the provider was skipped
    }

    [Fact]
    public void Cleanup_deletes_by_exact_tag_only_with_fix()
    {
        Install("plugins");
        _world.AddToCloud(new CloudResource("digitalocean", "infra.droplet", "leftover", "d-1", ["live-deploy-9"], null));
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging", "--tag", "live-deploy-9" };

        Assert.Equal(0, Run(out var preview, out _, ["infra", "cleanup", .. flags]));
        Assert.Contains("[dry-run] would delete infra.droplet/leftover (provider: digitalocean)", preview);
        Assert.Single(_world.Cloud());
        Assert.Equal(0, Run(out var fixedNow, out _, ["infra", "cleanup", .. flags, "--fix"]));
        Assert.Contains("deleted infra.droplet/leftover (provider: digitalocean)", fixedNow);
        Assert.Empty(_world.Cloud());
    }

    [Fact]
    public void An_owner_makes_the_create_fail_in_real_mode_and_tags_in_ideal_mode()
    {
        Install("plugins");
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging", "-y", "--owner", "ci-run-1" };

        Assert.Equal(1, Run(out _, out var refused, ["infra", "apply", .. flags]));
        Assert.Contains("ownership requires provider id for infra.droplet/my-app", refused);
        Assert.Empty(_world.Cloud());
        _world.WithOwnership("ideal");
        Assert.Equal(0, Run(out _, out _, ["infra", "apply", .. flags]));
        Assert.Contains("workflow-owner:ci-run-1", Assert.Single(_world.Cloud()).Tags);
    }

    [Fact]
    public void Version_goes_to_stderr_alone_and_the_update_notice_only_outside_ci()
    {
        _world.WithVersion("v0.85.4");

        Assert.Equal(0, Run(out var stdout, out var stderr, "--version"));
        Assert.Equal(("", "v0.85.4\n"), (stdout, stderr));
        _env.Remove("CI");
        Run(out _, out var noisy, "--version");
        Assert.Contains("⚡ wfctl", noisy);
    }

    private int Run(out string stdout, out string stderr, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = StandInProgram.Run(args, _world, _env, _root, output, error);
        (stdout, stderr) = (output.ToString(), error.ToString());
        return code;
    }

    private void Install(string directory, bool withProviderName = true)
    {
        var plugin = Path.Combine(_root, directory, "digitalocean");
        Directory.CreateDirectory(plugin);
        File.WriteAllText(Path.Combine(plugin, "digitalocean"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(plugin, "digitalocean"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var capabilities = withProviderName ? """{ "iacProvider": { "name": "digitalocean" } }""" : """{ "moduleTypes": ["iac.provider"] }""";
        File.WriteAllText(Path.Combine(plugin, "plugin.json"), $$"""
            { "name": "workflow-plugin-digitalocean", "version": "2.1.18", "author": "GoCodeAlone", "description": "DO", "capabilities": {{capabilities}}, "iacProvider": { "computePlanVersion": "v2" } }
            """);
    }
}
