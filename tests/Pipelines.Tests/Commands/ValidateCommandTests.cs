using Pipelines.Commands;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Commands;

/// <summary><c>pipelines validate</c>: 0 for a good config, 2 for a bad one, and never a request.</summary>
public sealed class ValidateCommandTests
{
    [Fact]
    public async Task A_valid_configuration_exits_0_and_describes_it_without_contacting_anything()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.WriteConfig();

        var run = await ValidateAsync(world, world.ConfigPath);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(": valid", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("promote: 2 repositories (backend, metadata), 1 checks, host github", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(world.GitHub.Requests.All);
        Assert.All(world.Repos, r => Assert.Equal(0, r.Staging.Health.Requests));
    }

    [Theory]
    [InlineData("promote:\n  on-split: maybe\n  repos:\n    - repo: WXYC/a\n      health: http://127.0.0.1/h\n      version: http://127.0.0.1/v\n", "on-split")]
    [InlineData("promote:\n  repos:\n    - repo: WXYC/a\n      helth: http://127.0.0.1/h\n      version: http://127.0.0.1/v\n", "helth")]
    [InlineData("promote:\n  repos:\n    - repo: WXYC/a\n      health: http://127.0.0.1/h\n      version: http://127.0.0.1/v\n    - repo: WXYC/a\n      health: http://127.0.0.1/h\n      version: http://127.0.0.1/v\n", "same repo")]
    public async Task An_invalid_configuration_exits_2_with_one_line(string yaml, string named)
    {
        await using var world = await GitHubWorld.StartAsync();
        var path = world.Root.Combine("bad.yaml");
        File.WriteAllText(path, yaml);

        var run = await ValidateAsync(world, path);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("valid", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2_naming_it()
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await ValidateAsync(world, "no-such-config.yaml");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("no-such-config.yaml': not found", run.Stderr, StringComparison.Ordinal);
    }

    private static Task<CapturedRun> ValidateAsync(GitHubWorld world, string path) =>
        InProcess.RunAsync(context => Task.FromResult(new ValidateCommand(context).Run(path)), world.Environment, world.Root.Path);
}
