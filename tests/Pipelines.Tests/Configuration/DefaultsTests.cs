using Pipelines.Configuration;
using static Pipelines.Tests.Configuration.ConfigurationTestKit;

namespace Pipelines.Tests.Configuration;

public sealed class DefaultsTests
{
    [Fact]
    public void GitHub_defaults_apply_when_the_section_is_absent()
    {
        var github = Load(MinimalPromote).GitHub;

        Assert.Equal(new Uri("https://api.github.com/"), github.ApiUrl);
        Assert.Equal("GITHUB_TOKEN", github.TokenEnv);
    }

    [Fact]
    public void Api_url_comes_from_GITHUB_API_URL_when_not_configured()
    {
        var github = Load(MinimalPromote, Env(("GITHUB_API_URL", "https://ghe.example/api/v3"))).GitHub;

        Assert.Equal("https://ghe.example/api/v3/", github.ApiUrl.AbsoluteUri);
    }

    [Fact]
    public void An_empty_GITHUB_API_URL_means_the_default()
    {
        Assert.Equal(GitHubSettings.DefaultApiUrl, Load(MinimalPromote, Env(("GITHUB_API_URL", ""))).GitHub.ApiUrl);
    }

    [Fact]
    public void A_configured_api_url_wins_over_GITHUB_API_URL()
    {
        var yaml = "github:\n  api-url: https://configured.example/api\n" + MinimalPromote;

        var github = Load(yaml, Env(("GITHUB_API_URL", "https://ghe.example/api/v3"))).GitHub;

        Assert.Equal("https://configured.example/api/", github.ApiUrl.AbsoluteUri);
    }

    [Fact]
    public void A_bad_GITHUB_API_URL_is_an_error_that_does_not_show_its_value()
    {
        var error = AssertError(MinimalPromote, "github.api-url", "${GITHUB_API_URL}", environment: Env(("GITHUB_API_URL", "ftp://secret-host.example")));

        Assert.DoesNotContain("secret-host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repo_defaults_fill_every_optional_key()
    {
        var repo = LoadPromote(MinimalPromote).Repos.Single();

        Assert.Equal("Backend-Service", repo.Name);
        Assert.Equal("main", repo.From);
        Assert.Equal("prod", repo.To);
        Assert.Equal("GITHUB_TOKEN", repo.PushTokenEnv);
        Assert.Equal("sha", repo.VersionField);
    }

    [Fact]
    public void Push_token_env_defaults_to_the_configured_github_token_env()
    {
        var yaml = "github:\n  token-env: READ_TOKEN\n" + MinimalPromote;

        Assert.Equal("READ_TOKEN", LoadPromote(yaml).Repos.Single().PushTokenEnv);
    }

    [Fact]
    public void Promote_defaults_fill_every_optional_key()
    {
        var promote = LoadPromote(MinimalPromote);

        Assert.Equal(HostKind.GitHub, promote.Host);
        Assert.Empty(promote.Checks);
        Assert.Equal(PollSettings.Default, promote.Poll);
        Assert.Null(promote.Bypass);
        Assert.Equal(SplitPolicy.Rollback, promote.OnSplit);
    }

    [Fact]
    public void Poll_keys_default_one_by_one()
    {
        var promote = LoadPromote(MinimalPromote + "\n  poll: { timeout: 10m }");

        Assert.Equal(new PollSettings(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), promote.Poll);
    }

    [Fact]
    public void Check_defaults_fill_every_optional_key()
    {
        var check = LoadPromote(MinimalPromote + "\n  checks:\n    - name: e2e\n      run: npm test").Checks.Single();

        Assert.Equal(ConfigDirectory, check.Workdir);
        Assert.Equal(TimeSpan.FromMinutes(20), check.Timeout);
        Assert.Empty(check.Env);
        Assert.Empty(check.PassEnv);
        Assert.Null(check.Image);
        Assert.Empty(check.After);
    }

    [Fact]
    public void Live_deploy_defaults_fill_every_optional_key()
    {
        var liveDeploy = LoadLiveDeploy(MinimalLiveDeploy);

        Assert.Equal(HostKind.GitHub, liveDeploy.Host);
        Assert.Equal("v{version}", liveDeploy.Ref);
        Assert.Equal("v2.1.18", liveDeploy.RefFor("2.1.18"));
        Assert.Equal((PluginInstallMode.Release, null, null), (liveDeploy.Install, liveDeploy.PluginDir, liveDeploy.Owner));
        Assert.Equal("examples/minimal/config.yaml", liveDeploy.Example);
        Assert.Equal("staging", liveDeploy.Env);
        Assert.Equal(ValidationDepth.Plan, liveDeploy.Depth);
        Assert.Equal("wfctl", liveDeploy.Wfctl);
        Assert.Equal(TimeSpan.FromMinutes(10), liveDeploy.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(15), liveDeploy.TeardownTimeout);
        Assert.Equal(5, liveDeploy.Parallel);
        Assert.Empty(liveDeploy.Auth);
        Assert.Equal(new RegistrySettings("GoCodeAlone/workflow-registry", "plugins/workflow-plugin-{plugin}/manifest.json", "main"), liveDeploy.Registry);
        Assert.Equal(2, liveDeploy.DemoteAfter);
    }

    [Theory]
    [InlineData("name:")]
    [InlineData("name: ~")]
    [InlineData("name: null")]
    public void A_yaml_null_means_not_set(string nameLine)
    {
        var yaml = MinimalPromote.With("- repo:", $"- {nameLine}\n      repo:");

        Assert.Equal("Backend-Service", LoadPromote(yaml).Repos.Single().Name);
    }

    [Fact]
    public void The_source_path_is_recorded_absolute()
    {
        var config = ConfigurationLoader.Parse(MinimalPromote, "pipelines.yaml", NoEnvironment);

        Assert.Equal(Path.GetFullPath("pipelines.yaml"), config.SourcePath);
    }
}
