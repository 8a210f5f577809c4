using Pipelines.Commands;
using Pipelines.Testing.Cli;
using Pipelines.Testing.Git;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Commands;

/// <summary>The real <c>pipelines</c> process: help, parse errors, exit codes.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var result = await RunAsync("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        foreach (var command in (string[])["promote", "stage", "validate", "live-deploy", "sandbox"])
        {
            Assert.Contains(command, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Promote_help_lists_its_flags()
    {
        var result = await RunAsync("promote", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        foreach (var flag in (string[])["--config", "--skip-gate", "--justification", "--actor", "--trigger", "--dry-run", "--report", "--summary"])
        {
            Assert.Contains(flag, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("promote", "--no-such-flag")]
    [InlineData("no-such-command")]
    [InlineData("stage", "not-a-stage")]
    [InlineData("sandbox", "--scenario", "meteor-strike")]
    public async Task A_parse_error_exits_2_and_points_at_help(params string[] arguments)
    {
        var result = await RunAsync(arguments);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Run 'pipelines --help' for usage.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_exit_codes_come_through_the_process()
    {
        File.WriteAllText(_temp.Combine("good.yaml"), "promote:\n  host: local\n  repos:\n    - repo: .\n      health: http://127.0.0.1:1/h\n      version: http://127.0.0.1:1/v\n");
        File.WriteAllText(_temp.Combine("bad.yaml"), "promote:\n  hots: local\n");

        var good = await RunAsync("validate", "--config", "good.yaml");
        var bad = await RunAsync("validate", "--config", "bad.yaml");

        Assert.Equal(ExitCodes.Success, good.ExitCode);
        Assert.Contains("good.yaml: valid", good.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("hots", bad.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private Task<CliResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync(arguments, InProcess.BaseEnvironment(_temp.Path), _temp.Path);
}
