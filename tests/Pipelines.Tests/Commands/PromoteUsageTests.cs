using Pipelines.Commands;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Commands;

/// <summary>Bad input is a usage error (exit 2) found before anything is contacted.</summary>
public sealed class PromoteUsageTests
{
    public static TheoryData<string, PromoteOptions, string> BadOptions => new()
    {
        { "unknown stage", new PromoteOptions { Stage = "deploy-everything" }, "stage 'deploy-everything' does not exist" },
        { "justification without skip-gate", new PromoteOptions { Justification = "because" }, "--justification is only used with --skip-gate" },
        { "skip-gate without justification", new PromoteOptions { SkipGate = true }, "--skip-gate needs --justification" },
        { "blank justification", new PromoteOptions { SkipGate = true, Justification = " \n\t " }, "--skip-gate needs --justification" },
        { "run id with a space", new PromoteOptions { RunId = "run 1" }, "--run-id" },
        { "run id too long", new PromoteOptions { RunId = new string('r', 65) }, "--run-id" },
        { "max-parallel 0", new PromoteOptions { MaxParallel = 0 }, "--max-parallel" },
        { "report directory missing", new PromoteOptions { ReportPath = "/nonexistent-dir-for-pipelines/report.json" }, "--report: directory '/nonexistent-dir-for-pipelines' does not exist" },
        { "summary directory missing", new PromoteOptions { SummaryPath = "no-such-dir/summary.md" }, "--summary: directory" },
        { "push stage without bypass", new PromoteOptions { Stage = "push-prod" }, "needs --skip-gate" },
        { "trigger too long", new PromoteOptions { Trigger = new string('x', PromoteCommand.MaxTriggerLength + 1) }, "--trigger" },
        { "config file missing", new PromoteOptions { ConfigPath = "missing.yaml" }, "missing.yaml': not found" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task A_bad_flag_exits_2_and_contacts_nothing(string why, PromoteOptions options, string message)
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await RunAsync(world, options);

        Assert.True(run.ExitCode == ExitCodes.Usage, $"{why}: exit {run.ExitCode}\n{run.Output}");
        Assert.True(run.Stderr.Contains(message, StringComparison.Ordinal), $"{why}: '{message}' not in: {run.Stderr}");
        AssertNothingContacted(world);
    }

    [Fact]
    public async Task A_missing_read_token_variable_is_named()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Environment.Remove(GitHubWorld.ReadTokenEnv);

        var run = await RunAsync(world, new PromoteOptions());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("environment variable GITHUB_TOKEN is not set", run.Stderr, StringComparison.Ordinal);
        AssertNothingContacted(world);
    }

    [Fact]
    public async Task A_missing_push_token_variable_is_named()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Environment.Remove(world["metadata"].PushTokenEnv);

        var run = await RunAsync(world, new PromoteOptions());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("environment variable PUSH_TOKEN_METADATA is not set", run.Stderr, StringComparison.Ordinal);
        AssertNothingContacted(world);
    }

    [Fact]
    public async Task A_check_variable_passed_by_name_but_unset_is_a_usage_error()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "true") { PassEnv = ["E2E_PASSWORD"] });

        var run = await RunAsync(world, new PromoteOptions());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("E2E_PASSWORD", run.Stderr, StringComparison.Ordinal);
        AssertNothingContacted(world);
    }

    [Fact]
    public async Task A_bypass_without_a_tracker_is_a_configuration_error()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config with { Tracker = null };

        var run = await RunAsync(world, new PromoteOptions { SkipGate = true, Justification = "hotfix" });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("promote.bypass.tracker", run.Stderr, StringComparison.Ordinal);
        AssertNothingContacted(world);
    }

    public static TheoryData<string, string> BadConfigs => new()
    {
        { "promote:\n  host: github\n  repos: []\n", "repos" },
        { "promote:\n  colour: blue\n", "colour" },
        { "promote:\n  repos:\n    - repo: not-a-repo\n      health: http://127.0.0.1/h\n      version: http://127.0.0.1/v\n", "owner/name" },
        { "promote:\n  repos:\n    - repo: WXYC/a\n      health: ftp://127.0.0.1/h\n      version: http://127.0.0.1/v\n", "health" },
        { "promote:\n  repos:\n    - repo: WXYC/a\n      health: http://127.0.0.1/h\n      version: http://127.0.0.1/v\n  bypass:\n    tracker: WXYC/t#0\n", "tracker" },
        { "promote:\n  repos:\n    - repo: WXYC/a\n      health: ${UNSET_HEALTH_URL}\n      version: http://127.0.0.1/v\n", "UNSET_HEALTH_URL" },
        { "promote: [unclosed\n", "line 2: not valid YAML" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task A_bad_configuration_exits_2_naming_the_key_and_contacts_nothing(string yaml, string named)
    {
        await using var world = await GitHubWorld.StartAsync();
        var path = world.Root.Combine("bad.yaml");
        File.WriteAllText(path, yaml);

        var run = await RunAsync(world, new PromoteOptions { ConfigPath = path }, writeConfig: false);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        AssertNothingContacted(world);
    }

    private static async Task<CapturedRun> RunAsync(GitHubWorld world, PromoteOptions options, bool writeConfig = true)
    {
        if (writeConfig)
        {
            world.WriteConfig();
        }

        var resolved = options.ConfigPath == new PromoteOptions().ConfigPath ? options with { ConfigPath = world.ConfigPath } : options;
        return await InProcess.RunAsync(context => new PromoteCommand(context).RunAsync(resolved, CancellationToken.None), world.Environment, world.Root.Path);
    }

    private static void AssertNothingContacted(GitHubWorld world)
    {
        Assert.Empty(world.GitHub.Requests.All);
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests + r.Staging.Version.Requests));
    }
}
