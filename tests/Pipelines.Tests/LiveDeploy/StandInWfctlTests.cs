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

    [Fact]
    public void Plan_format_markdown_prints_markdown_and_any_other_format_even_json_prints_the_table()
    {
        Install("plugins");
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging" };

        Assert.Equal(0, Run(out var markdown, out _, ["infra", "plan", .. flags, "--format", "markdown"]));
        Assert.Equal(0, Run(out var json, out _, ["infra", "plan", .. flags, "-f", "json"]));
        Assert.Equal(0, Run(out var table, out _, ["infra", "plan", .. flags]));

        Assert.Equal("### Infrastructure Plan\n\n| Action | Resource | Type |\n|--------|----------|------|\n| + create | `my-app` | `infra.droplet` |\n\n**Plan: 1 to create, 0 to update, 0 to replace, 0 to destroy.**\n", markdown);
        Assert.Equal(table, json);
        Assert.StartsWith("Infrastructure Plan — config.yaml\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_markdown_without_resources_is_the_level_two_heading_and_the_sentence()
    {
        File.WriteAllText(Path.Combine(_root, "config.yaml"), "modules:\n  - name: aws-provider\n    type: iac.provider\n    config:\n      provider: aws\n");

        Assert.Equal(0, Run(out var stdout, out _, "infra", "plan", "-c", "config.yaml", "--format", "markdown"));
        Assert.Equal("## Infrastructure Plan\n\nNo changes. Infrastructure is up-to-date.\n", stdout);
    }

    [Fact]
    public void Plan_o_writes_a_0600_iac_plan_with_hash_schema_version_and_generator_metadata_then_says_so()
    {
        Install("plugins");
        _world.WithVersion("v0.85.4");

        Assert.Equal(0, Run(out var stdout, out _, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging", "--output", "plan.json"));

        Assert.EndsWith("\n\nPlan saved to plan.json\n", stdout, StringComparison.Ordinal);
        var file = Path.Combine(_root, "plan.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains("\n  \"", File.ReadAllText(file)); // indented
        var plan = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(1, (int)plan["schema_version"]!);
        Assert.False(string.IsNullOrEmpty((string?)plan["plan_hash"]));
        Assert.Equal("v0.85.4", (string?)plan["generator_metadata"]!["wfctl_version"]);
        Assert.Equal("2.1.18", (string?)plan["generator_metadata"]!["plugins"]![0]!["version"]);
        var action = plan["actions"]!.AsArray().Single()!;
        Assert.Equal(("create", "my-app", "infra.droplet"), ((string?)action["action"], (string?)action["resource"]!["name"], (string?)action["resource"]!["type"]));
    }

    [Fact]
    public void Apply_dry_run_format_json_prints_one_json_object_without_prompt_or_mutation()
    {
        Install("plugins");

        var code = Run(out var stdout, out _, "infra", "apply", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging", "--dry-run", "--format", "json");

        Assert.Equal(0, code); // no -y, yet no prompt
        var plan = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(("infra apply", "config.yaml", "staging"), ((string?)plan["command"], (string?)plan["config"], (string?)plan["environment"]));
        var action = plan["actions"]!.AsArray().Single()!;
        Assert.Equal(("create", "my-app", "infra.droplet", "do-provider"), ((string?)action["action"], (string?)action["resource_name"], (string?)action["resource_type"], (string?)action["provider"]));
        Assert.Equal((1, 0, 0, 0), ((int)plan["summary"]!["creates"]!, (int)plan["summary"]!["updates"]!, (int)plan["summary"]!["replaces"]!, (int)plan["summary"]!["deletes"]!));
        Assert.Equal(("do-provider", "digitalocean", 1), ((string?)plan["providers"]![0]!["module_ref"], (string?)plan["providers"]![0]!["provider_type"], (int)plan["providers"]![0]!["resource_count"]!));
        Assert.Empty(_world.Cloud());
        Assert.Equal(1, Run(out _, out var bad, "infra", "apply", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--dry-run", "--format", "yaml"));
        Assert.Contains("error: unknown --format \"yaml\": supported values are table, json", bad);
    }

    [Fact]
    public void A_missing_do_token_also_fails_apply_at_plugin_initialisation_before_anything_is_created()
    {
        Install("plugins");
        _env["DIGITALOCEAN_TOKEN"] = "";

        Assert.Equal(1, Run(out _, out var stderr, "infra", "apply", "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging", "-y"));
        Assert.EndsWith("error: rpc error: code = Unknown desc = digitalocean: missing required config key 'token'\n", stderr, StringComparison.Ordinal);
        Assert.Empty(_world.Cloud());
    }

    [Fact]
    public void An_invalid_do_token_passes_plan_and_fails_apply_per_resource_as_unauthorized()
    {
        Install("plugins");
        _env["DIGITALOCEAN_TOKEN"] = StandInWfctl.InvalidDigitalOceanToken;
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging" };

        Assert.Equal(0, Run(out var plan, out _, ["infra", "plan", .. flags]));
        Assert.Contains("Plan: 1 to create, 0 to update, 0 to replace, 0 to destroy.", plan);
        Assert.Equal(1, Run(out var apply, out var stderr, ["infra", "apply", .. flags, "-y"]));
        Assert.Contains("  ✗ my-app (infra.droplet): digitalocean: create infra.droplet \"my-app\": iac: unauthorized", apply.Split('\n'));
        Assert.Contains("error: 1 resource(s) failed: create/my-app: rpc error: code = Unknown desc = digitalocean: create infra.droplet \"my-app\": iac: unauthorized", stderr);
        Assert.Empty(_world.Cloud());
    }

    [Fact]
    public void Env_deep_merges_overrides_null_disables_a_module_name_renames_and_an_unknown_env_is_the_base()
    {
        Install("plugins");
        File.WriteAllText(Path.Combine(_root, "config.yaml"), """
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
                  region: nyc1
                  size: s-1vcpu-1gb
                environments:
                  staging:
                    config:
                      name: my-app
                      size: s-2vcpu-2gb
              - name: extra
                type: infra.volume
                config:
                  provider: do-provider
                environments:
                  staging: null
            """);
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml" };

        Assert.Equal(0, Run(out var staging, out _, ["infra", "plan", .. flags, "--env", "staging"]));
        Assert.Equal(0, Run(out var unknown, out _, ["infra", "plan", .. flags, "--env", "nowhere"]));

        var lines = staging.Split('\n');
        Assert.Contains("+ create  my-app  (infra.droplet)", lines); // name override renamed it
        Assert.Contains(lines, l => l.StartsWith("    region:", StringComparison.Ordinal) && l.EndsWith("  nyc1", StringComparison.Ordinal)); // base key kept
        Assert.Contains(lines, l => l.StartsWith("    size:", StringComparison.Ordinal) && l.EndsWith("  s-2vcpu-2gb", StringComparison.Ordinal)); // override wins
        Assert.DoesNotContain(lines, l => l.StartsWith("    name:", StringComparison.Ordinal)); // the name is not config
        Assert.DoesNotContain("extra", staging); // null disabled it
        Assert.Contains("+ create  my-droplet  (infra.droplet)", unknown.Split('\n'));
        Assert.Contains("+ create  extra  (infra.volume)", unknown.Split('\n'));
        Assert.Contains(unknown.Split('\n'), l => l.StartsWith("    size:", StringComparison.Ordinal) && l.EndsWith("  s-1vcpu-1gb", StringComparison.Ordinal));
    }

    [Fact]
    public void Single_and_double_dash_flags_are_the_same_and_parsing_stops_at_the_first_positional()
    {
        Install("plugins");

        Assert.Equal(0, Run(out var single, out _, "infra", "plan", "-plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "-env=staging"));
        Assert.Equal(0, Run(out var dashes, out _, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "--config", "config.yaml", "--env", "staging"));
        // The positional config ends parsing: --env is silently ignored, so the base name is planned.
        Assert.Equal(0, Run(out var positional, out _, "infra", "plan", "--plugin-dir", Path.Combine(_root, "plugins"), "config.yaml", "--env", "staging"));

        Assert.Equal(single, dashes);
        Assert.Contains("+ create  my-app  (infra.droplet)", single.Split('\n'));
        Assert.Contains("+ create  my-droplet  (infra.droplet)", positional.Split('\n'));
    }

    [Fact]
    public void An_unknown_flag_prints_go_flag_text_and_usage_then_the_error_line_and_exits_1()
    {
        Assert.Equal(1, Run(out var stdout, out var stderr, "infra", "apply", "-x", "-y"));

        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Equal("flag provided but not defined: -x", lines[0]);
        Assert.StartsWith("Usage of infra apply", lines[1], StringComparison.Ordinal);
        Assert.Equal("error: flag provided but not defined: -x", lines[^1]);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Destroy_without_y_also_fails_without_a_terminal_and_leaves_state_and_cloud_alone()
    {
        Install("plugins");
        File.AppendAllText(Path.Combine(_root, "config.yaml"), $"\n  - name: state\n    type: iac.state\n    config:\n      directory: {Path.Combine(_root, "state")}\n");
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging" };
        Run(out _, out _, ["infra", "apply", .. flags, "-y"]);

        Assert.Equal(1, Run(out var stdout, out var stderr, ["infra", "destroy", .. flags]));
        Assert.Equal(("", "error: prompt: stdin is not a terminal\n"), (stdout, stderr));
        Assert.Single(_world.Cloud());
        Assert.True(File.Exists(Path.Combine(_root, "state", "my-app.json")));
    }

    [Fact]
    public void A_second_apply_with_state_has_nothing_to_do()
    {
        Install("plugins");
        File.AppendAllText(Path.Combine(_root, "config.yaml"), $"\n  - name: state\n    type: iac.state\n    config:\n      directory: {Path.Combine(_root, "state")}\n");
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "--env", "staging", "-y" };
        Run(out _, out _, ["infra", "apply", .. flags]);

        Assert.Equal(0, Run(out var again, out _, ["infra", "apply", .. flags]));
        Assert.Equal(
            "Applying infrastructure from config.yaml...\nApplying 1 resource(s) via provider \"do-provider\" (digitalocean)...\n  No changes — infrastructure is up-to-date.\n",
            again);
        Assert.Single(_world.Cloud());
    }

    [Fact]
    public void Apply_prints_bootstrap_progress_and_check_lines_and_a_failure_keeps_earlier_resources_in_state()
    {
        Install("plugins");
        File.WriteAllText(Path.Combine(_root, "config.yaml"), $"""
            modules:
              - name: do-provider
                type: iac.provider
                config:
                  provider: digitalocean
                  token: t
              - name: state
                type: iac.state
                config:
                  directory: {Path.Combine(_root, "state")}
              - name: first
                type: infra.droplet
                config:
                  provider: do-provider
            """);
        var flags = new[] { "--plugin-dir", Path.Combine(_root, "plugins"), "-c", "config.yaml", "-y" };

        Assert.Equal(0, Run(out var applied, out _, ["infra", "apply", .. flags]));
        File.AppendAllText(Path.Combine(_root, "config.yaml"), "\n  - name: second\n    type: infra.droplet\n    config:\n      provider: do-provider\n      size: big\n");
        _world.Inject("digitalocean", "apply", "error:droplet create: 422 size unavailable");
        Assert.Equal(1, Run(out var failed, out var stderr, ["infra", "apply", .. flags]));

        Assert.Equal(
            "Running bootstrap before apply...\nNo secrets to generate.\nApplying infrastructure from config.yaml...\nApplying 1 resource(s) via provider \"do-provider\" (digitalocean)...\n  Plan: 1 action(s) to execute.\n  -> [1/1] create first (infra.droplet)\n  ✓ first (infra.droplet)\n",
            applied);
        Assert.Contains("  -> [1/1] create second (infra.droplet)", failed.Split('\n'));
        Assert.Contains("  ✗ second (infra.droplet): droplet create: 422 size unavailable", failed.Split('\n'));
        Assert.EndsWith("error: 1 resource(s) failed: create/second: rpc error: code = Unknown desc = droplet create: 422 size unavailable\n", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_root, "state", "first.json")));
        Assert.False(File.Exists(Path.Combine(_root, "state", "second.json")));
    }

    [Theory]
    [InlineData("apply", "-y")]
    [InlineData("status")]
    [InlineData("destroy", "-y")]
    public void Apply_status_and_destroy_of_a_config_without_infra_modules_find_no_pipeline(string verb, params string[] extra)
    {
        File.WriteAllText(Path.Combine(_root, "config.yaml"), "modules:\n  - name: aws-provider\n    type: iac.provider\n    config:\n      provider: aws\n");

        Assert.Equal(1, Run(out var stdout, out var stderr, ["infra", verb, "-c", "config.yaml", .. extra]));
        Assert.Equal($"error: pipeline \"{verb}\" not found (no pipelines defined in config)\n", stderr);
        // apply fails after bootstrap (fact sheet 3.1); status and destroy print nothing first.
        Assert.Equal(verb == "apply" ? "Running bootstrap before apply...\nNo secrets to generate.\n" : "", stdout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0, "--version")]
    [InlineData(1, "nonsense")]
    [InlineData(1, "infra")]
    [InlineData(1, "infra", "teleport")]
    [InlineData(1, "infra", "plan", "--bogus")]
    [InlineData(1, "infra", "plan", "-c")]
    [InlineData(1, "infra", "plan", "-c", "missing.yaml")]
    [InlineData(1, "infra", "plan")]
    [InlineData(1, "infra", "cleanup", "-c", "config.yaml")]
    [InlineData(1, "infra", "owners", "-c", "config.yaml")]
    [InlineData(1, "infra", "apply", "-c", "config.yaml")]
    public void Exit_codes_are_only_0_and_1(int expected, params string[] args)
    {
        Assert.Equal(expected, Run(out _, out var stderr, args));
        if (expected == 1 && args is not ["nonsense"])
        {
            Assert.StartsWith("error: ", stderr.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_real_process_writes_utf8_whatever_the_locale()
    {
        var wfctl = Pipelines.Testing.LiveDeploy.WfctlStandIn.Install(Path.Combine(_root, "stand-in"), ["digitalocean"]);
        File.WriteAllText(Path.Combine(_root, "config.yaml"), "modules: []\n");
        var start = new System.Diagnostics.ProcessStartInfo(wfctl.Path, ["infra", "plan", "-c", "config.yaml"])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["LANG"] = "C";
        start.Environment["LC_ALL"] = "C";
        using var process = System.Diagnostics.Process.Start(start)!;
        using var bytes = new MemoryStream();

        await process.StandardOutput.BaseStream.CopyToAsync(bytes).WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, process.ExitCode);
        // "Infrastructure Plan — config.yaml": the em dash as UTF-8 (E2 80 94), no byte-order mark.
        byte[] header = [.. "Infrastructure Plan "u8, 0xE2, 0x80, 0x94, .. " config.yaml\n"u8];
        Assert.Equal(header, bytes.ToArray().Take(header.Length).ToArray());
    }

    private int Run(out string stdout, out string stderr, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = StandInProgram.Run(args, _world, _env, _root, output, error);
        (stdout, stderr) = (output.ToString(), error.ToString());
        return code;
    }

    private void Install(string directory, bool withProviderName = true) =>
        StandInPlugins.InstallDigitalOcean(Path.Combine(_root, directory), withProviderName);
}
