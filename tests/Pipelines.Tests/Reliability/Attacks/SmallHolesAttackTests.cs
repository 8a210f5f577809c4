using Pipelines.Commands;
using Pipelines.Testing.Cli;
using Pipelines.Testing.Git;
using Pipelines.Tests.Integration.Harness;
using Pipelines.Tests.LiveDeployIntegration;

namespace Pipelines.Tests.Reliability.Attacks;

/// <summary>
/// Attacks (issue 13, point 6): <c>/dev/zero</c> as the secrets file, secrets too short to mask,
/// and live-deploy under GitHub Actions, whose credentials (the GitHub token, a cloud token that a
/// failing wfctl echoes) must each reach the runner as <c>::add-mask::</c> and no other channel.
/// </summary>
public sealed class SmallHolesAttackTests : IDisposable
{
    private readonly TempDirectory _files = new("small-holes");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Dev_zero_as_the_secrets_file_is_a_bounded_read_and_a_clear_exit_2()
    {
        var result = await RunCliAsync(["validate", "--config", _files.Combine("pipelines.yaml"), "--secrets-file", "/dev/zero"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--secrets-file: '/dev/zero' is larger than 1 MiB", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("OutOfMemory", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secrets_file_value_shorter_than_4_characters_is_refused_naming_the_variable_only()
    {
        var file = _files.Combine("secrets.env");
        await File.WriteAllTextAsync(file, "LONG_ENOUGH=a-real-secret-value\nSHORT_PIN=7q9\n");

        var result = await RunCliAsync(["validate", "--config", _files.Combine("pipelines.yaml"), "--secrets-file", file]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("SHORT_PIN: a secret shorter than 4 characters cannot be masked", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("7q9", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_env_secret_shorter_than_4_characters_stops_promote_before_anything_is_contacted()
    {
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        world.WithConfig(config => config.WithChecks(new CheckSpec("e2e", "echo \"$PIN\"") { PassEnv = ["PIN"] }));
        world.WithEnvironment(new Dictionary<string, string> { ["PIN"] = "x7" });

        await using var cli = CliProcess.Start(["promote", "--config", world.ConfigPath, "--actor", "octocat"], world.Environment, world.Root.Path);
        var result = await cli.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("PIN: a secret shorter than 4 characters", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, world.Staging.Health.Requests);
        Assert.Empty(world.GitHub.Requests.All);
    }

    [Fact]
    public async Task Live_deploy_under_actions_masks_every_credential_it_holds_and_a_cloud_token_wfctl_echoes_reaches_no_channel()
    {
        const string DigitalOceanToken = "dop_v1_integrationNotReal";
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"), new WorldPlugin("digitalocean", "verified"));
        world.Wfctl.Fail("digitalocean", "plan", $"Error: 401 for token {DigitalOceanToken}");
        var stepSummary = Path.Combine(world.Directory, "step-summary.md");
        world.ExtraEnvironment["GITHUB_ACTIONS"] = "true";
        world.ExtraEnvironment["GITHUB_STEP_SUMMARY"] = stepSummary;

        var run = await world.RunAsync("13006", o => o with { ReportPath = "report.json", JUnitPath = "junit.xml", SummaryPath = "summary.md" });

        Assert.Equal(1, run.ExitCode);
        var masks = run.Output.Split('\n').Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToHashSet();
        Assert.Contains("::add-mask::" + GitHubLiveDeployWorld.TokenValue, masks);
        Assert.Contains("::add-mask::" + DigitalOceanToken, masks);
        Assert.StartsWith("::add-mask::", run.Output, StringComparison.Ordinal);
        var channels = new LeakChannels()
            .Add("stdout", run.Output)
            .Add("stderr", run.Error)
            .AddFile("the report", Path.Combine(world.Directory, "report.json"))
            .AddFile("the summary", Path.Combine(world.Directory, "summary.md"))
            .AddFile("JUnit", Path.Combine(world.Directory, "junit.xml"))
            .AddFile("the step summary", stepSummary);
        foreach (var write in world.GitHub.Requests.Writes)
        {
            channels.Add($"{write.Method} {write.Path}", write.Body);
        }

        Assert.Contains(world.GitHub.Requests.Writes, w => w.Body?.Contains("401 for token ***", StringComparison.Ordinal) == true);
        channels.AssertNowhere(DigitalOceanToken, "the DigitalOcean token");
        channels.AssertNowhere(GitHubLiveDeployWorld.TokenValue, "the GitHub token");
    }

    private async Task<CliResult> RunCliAsync(IEnumerable<string> arguments)
    {
        await using var cli = CliProcess.Start(
            arguments,
            new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin", ["HOME"] = _files.Path },
            _files.Path);
        return await cli.WaitAsync(TimeSpan.FromMinutes(1));
    }
}
