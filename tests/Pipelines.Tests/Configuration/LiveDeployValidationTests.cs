using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

public sealed class LiveDeployValidationTests
{
    private const string TwoPlugins = """
        live-deploy:
          plugins: [aws, gcp]
          clone-url: https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git
          registry:
            repo: GoCodeAlone/workflow-registry
          tracker-repo: GoCodeAlone/workflow-plugin-{plugin}
        """;

    [Theory]
    [InlineData("plugins: []")]
    [InlineData("plugins:")]
    public void Plugins_must_not_be_empty(string plugins)
    {
        AssertError(MinimalLiveDeploy.With("plugins: [aws]", plugins), "live-deploy.plugins", "must list at least one plugin");
    }

    [Fact]
    public void Install_none_needs_a_plugin_dir_and_release_refuses_one()
    {
        AssertError(MinimalLiveDeploy + "\n  install: none", "live-deploy.plugin-dir", "install: none");
        AssertError(MinimalLiveDeploy + "\n  plugin-dir: plugins", "live-deploy.plugin-dir", "only for install: none");
        AssertError(MinimalLiveDeploy + "\n  install: copy", "live-deploy.install", "copy");
        var none = LoadLiveDeploy(MinimalLiveDeploy + "\n  install: none\n  plugin-dir: plugins");
        Assert.Equal((PluginInstallMode.None, Path.Combine(ConfigDirectory, "plugins")), (none.Install, none.PluginDir));
    }

    [Theory]
    [InlineData("ref: \"release-{version}\"", "release-1.2.3")]
    [InlineData("ref: main", "main")]
    public void Ref_expands_the_registry_version(string line, string expected)
    {
        Assert.Equal(expected, LoadLiveDeploy(MinimalLiveDeploy + "\n  " + line).RefFor("1.2.3"));
    }

    [Theory]
    [InlineData("owner: \"live-deploy-{run}\"", null)]
    [InlineData("owner: Bad_Owner", "is not an owner")]
    [InlineData("owner: \"a b\"", "is not an owner")]
    public void Owner_is_a_lowercase_tag_with_the_run(string line, string? error)
    {
        if (error is null)
        {
            Assert.Equal("live-deploy-77", LoadLiveDeploy(MinimalLiveDeploy + "\n  " + line).OwnerFor("77"));
        }
        else
        {
            AssertError(MinimalLiveDeploy + "\n  " + line, "live-deploy.owner", error);
        }
    }

    [Fact]
    public void Plugins_are_required()
    {
        AssertError(MinimalLiveDeploy.With("  plugins: [aws]\n", ""), "live-deploy.plugins", "must list at least one plugin");
    }

    [Theory]
    [InlineData("AWS")]
    [InlineData("a_b")]
    [InlineData("-aws")]
    [InlineData("\"a b\"")]
    [InlineData("\"../x\"")]
    public void Plugin_names_are_lowercase_letters_digits_and_dashes(string plugin)
    {
        AssertError(MinimalLiveDeploy.With("plugins: [aws]", $"plugins: [{plugin}]"), "live-deploy.plugins[0]", "is not a plugin name", line: 2);
    }

    [Fact]
    public void A_plugin_listed_twice_is_refused()
    {
        AssertError(TwoPlugins.With("[aws, gcp]", "[aws, gcp, aws]"), "live-deploy.plugins[2]", "'aws' is listed twice");
    }

    [Fact]
    public void Depth_is_plan_or_apply()
    {
        Assert.Equal(ValidationDepth.Apply, LoadLiveDeploy(MinimalLiveDeploy + "\n  depth: apply").Depth);
        AssertError(MinimalLiveDeploy + "\n  depth: destroy", "live-deploy.depth", "'destroy' is not one of: plan, apply");
    }

    [Theory]
    [InlineData("0", "must be between 1 and 64")]
    [InlineData("-1", "must be between 1 and 64")]
    [InlineData("65", "must be between 1 and 64")]
    [InlineData("two", "is not a whole number")]
    [InlineData("1.5", "is not a whole number")]
    [InlineData("99999999999", "is not a whole number")]
    public void Parallel_is_at_least_one(string parallel, string fragment)
    {
        AssertError(MinimalLiveDeploy + $"\n  parallel: {parallel}", "live-deploy.parallel", fragment, line: 7);
    }

    [Fact]
    public void Parallel_and_demote_after_accept_their_minimum()
    {
        var liveDeploy = LoadLiveDeploy(MinimalLiveDeploy + "\n  parallel: 1\n  demote-after: 1");

        Assert.Equal(1, liveDeploy.Parallel);
        Assert.Equal(1, liveDeploy.DemoteAfter);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void Demote_after_is_at_least_one(string value)
    {
        AssertError(MinimalLiveDeploy + $"\n  demote-after: {value}", "live-deploy.demote-after", "must be between 1 and 100");
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("teardown-timeout")]
    public void Timeouts_are_durations(string key)
    {
        Assert.Equal(TimeSpan.FromMinutes(45), key == "timeout"
            ? LoadLiveDeploy(MinimalLiveDeploy + $"\n  {key}: 45m").Timeout
            : LoadLiveDeploy(MinimalLiveDeploy + $"\n  {key}: 45m").TeardownTimeout);
        AssertError(MinimalLiveDeploy + $"\n  {key}: 0s", $"live-deploy.{key}", "must be greater than zero");
    }

    [Theory]
    [InlineData("git@github.com:GoCodeAlone/workflow-plugin-{plugin}.git", "ssh clone addresses are not supported")]
    [InlineData("ssh://git@github.com/GoCodeAlone/workflow-plugin-{plugin}.git", "is not an absolute http(s) URL")]
    [InlineData("git://github.com/GoCodeAlone/workflow-plugin-{plugin}.git", "is not an absolute http(s) URL")]
    [InlineData("file:///srv/plugins/{plugin}", "is not an absolute http(s) URL")]
    [InlineData("https://x-access-token:abc@github.com/o/{plugin}.git", "must not contain credentials")]
    public void Clone_url_is_https_or_a_local_path(string url, string fragment)
    {
        AssertError(MinimalLiveDeploy.With("https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git", url), "live-deploy.clone-url", fragment, line: 3);
    }

    [Fact]
    public void Clone_url_is_required()
    {
        AssertError(MinimalLiveDeploy.With("  clone-url: https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git\n", ""), "live-deploy.clone-url", "is required");
    }

    [Theory]
    [InlineData("clone-url: https://github.com/GoCodeAlone/workflow-plugin-{plugin}.git", "clone-url: https://github.com/GoCodeAlone/plugins.git", "live-deploy.clone-url")]
    [InlineData("repo: GoCodeAlone/workflow-registry", "repo: GoCodeAlone/workflow-registry\n    manifest: manifest.json", "live-deploy.registry.manifest")]
    public void Templates_shared_by_several_plugins_need_the_plugin_placeholder(string find, string replace, string key)
    {
        AssertError(TwoPlugins.With(find, replace), key, "must contain {plugin} when several plugins are configured");
    }

    [Fact]
    public void One_plugin_may_use_a_fixed_clone_url()
    {
        Assert.Equal("https://github.com/GoCodeAlone/plugins.git", LoadLiveDeploy(MinimalLiveDeploy.With("workflow-plugin-{plugin}.git", "plugins.git")).CloneUrl);
    }

    [Fact]
    public void The_registry_is_required()
    {
        AssertError(MinimalLiveDeploy.With("  registry:\n    repo: GoCodeAlone/workflow-registry\n", ""), "live-deploy.registry", "is required");
    }

    [Theory]
    [InlineData("workflow-registry")]
    [InlineData("./registry")]
    public void A_github_registry_repo_is_owner_slash_name(string repo)
    {
        AssertError(MinimalLiveDeploy.With("GoCodeAlone/workflow-registry", repo), "live-deploy.registry.repo", "is not a GitHub repository of the form owner/name", line: 5);
    }

    [Theory]
    [InlineData("/plugins/{plugin}/manifest.json", "must be a relative path")]
    [InlineData("plugins/../{plugin}/manifest.json", "must not contain empty, '.' or '..' parts")]
    [InlineData("plugins//{plugin}.json", "must not contain empty, '.' or '..' parts")]
    [InlineData("\"plugins\\\\{plugin}.json\"", "must be a relative path with / separators")]
    public void A_manifest_is_a_clean_relative_path(string manifest, string fragment)
    {
        AssertError(MinimalLiveDeploy.With("repo: GoCodeAlone/workflow-registry", $"repo: GoCodeAlone/workflow-registry\n    manifest: {manifest}"), "live-deploy.registry.manifest", fragment);
    }

    [Fact]
    public void The_registry_base_is_a_branch_name()
    {
        AssertError(MinimalLiveDeploy.With("repo: GoCodeAlone/workflow-registry", "repo: GoCodeAlone/workflow-registry\n    base: a..b"), "live-deploy.registry.base", "is not a valid branch name");
    }

    [Theory]
    [InlineData("GoCodeAlone")]
    [InlineData("GoCodeAlone/{plugin}/issues")]
    [InlineData("\"{plugin}\"")]
    public void A_github_tracker_repo_is_owner_slash_name_for_every_plugin(string tracker)
    {
        AssertError(MinimalLiveDeploy.With("tracker-repo: GoCodeAlone/workflow-plugin-{plugin}", $"tracker-repo: {tracker}"), "live-deploy.tracker-repo", "is not a GitHub repository of the form owner/name", line: 6);
    }

    [Fact]
    public void The_tracker_repo_is_required()
    {
        AssertError(MinimalLiveDeploy.With("\n  tracker-repo: GoCodeAlone/workflow-plugin-{plugin}", ""), "live-deploy.tracker-repo", "is required");
    }

    [Fact]
    public void A_shared_tracker_repo_is_fine()
    {
        Assert.Equal("GoCodeAlone/workflow", LoadLiveDeploy(TwoPlugins.With("tracker-repo: GoCodeAlone/workflow-plugin-{plugin}", "tracker-repo: GoCodeAlone/workflow")).TrackerRepo);
    }

    [Theory]
    [InlineData("/etc/passwd", "must be a relative path")]
    [InlineData("../../outside.yaml", "must not contain empty, '.' or '..' parts")]
    [InlineData("-rf", "must not start with '-'")]
    public void The_example_is_a_relative_path_inside_the_plugin(string example, string fragment)
    {
        AssertError(MinimalLiveDeploy + $"\n  example: {example}", "live-deploy.example", fragment, line: 7);
    }

    [Theory]
    [InlineData("-staging")]
    [InlineData("\"stag ing\"")]
    [InlineData("\"a;b\"")]
    public void The_env_is_a_plain_environment_name(string env)
    {
        AssertError(MinimalLiveDeploy + $"\n  env: {env}", "live-deploy.env", "is not an environment name");
    }

    [Fact]
    public void Wfctl_must_not_look_like_an_option()
    {
        AssertError(MinimalLiveDeploy + "\n  wfctl: --help", "live-deploy.wfctl", "must be a command name or a path");
    }

    [Fact]
    public void The_ref_is_a_valid_ref_name()
    {
        Assert.Equal("v1.2.0", LoadLiveDeploy(MinimalLiveDeploy + "\n  ref: v1.2.0").Ref);
        AssertError(MinimalLiveDeploy + "\n  ref: --upload-pack=x", "live-deploy.ref", "must not start with '-'");
    }

    [Fact]
    public void Live_deploy_host_is_github_or_local()
    {
        AssertError(MinimalLiveDeploy + "\n  host: gitea", "live-deploy.host", "is not one of: github, local");
    }

    [Fact]
    public void A_local_host_takes_paths_where_github_takes_owner_name()
    {
        var liveDeploy = LoadLiveDeploy(MinimalLiveDeploy.With("GoCodeAlone/workflow-registry", "registry").With("tracker-repo: GoCodeAlone/workflow-plugin-{plugin}", "tracker-repo: issues") + "\n  host: local");

        Assert.Equal(HostKind.Local, liveDeploy.Host);
        Assert.Equal("/srv/pipelines/registry", liveDeploy.Registry.Repo);
        Assert.Equal("/srv/pipelines/issues", liveDeploy.TrackerRepo);
    }
}
