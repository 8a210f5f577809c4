using Pipelines.Commands;
using Pipelines.Testing.Git;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Commands;

/// <summary><c>pipelines sandbox promote</c>: every scenario runs the real gate on a throwaway world and behaves as designed.</summary>
public sealed class SandboxCommandTests
{
    [Theory]
    [InlineData("promote", "outcome: promoted (exit 0)")]
    [InlineData("version-mismatch", "outcome: blocked (exit 1)")]
    [InlineData("unhealthy", "outcome: blocked (exit 1)")]
    [InlineData("check-fails", "outcome: blocked (exit 1)")]
    [InlineData("bypass", "outcome: promoted (exit 0)")]
    public async Task Each_scenario_behaves_as_designed(string scenario, string outcome)
    {
        using var temp = new TempDirectory();
        var directory = temp.Combine("sandbox");

        var run = await InProcess.RunAsync(
            context => new SandboxCommand(context).RunAsync(new SandboxOptions("promote", scenario, Keep: false, Directory: directory), CancellationToken.None),
            InProcess.BaseEnvironment(temp.Path),
            temp.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output);
        Assert.Contains(outcome, run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Scenario '{scenario}' behaved as designed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("host: local", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory), "the sandbox is removed without --keep");
    }

    [Fact]
    public async Task The_bypass_scenario_shows_the_audit_entry_and_the_promote_scenario_the_advanced_branches()
    {
        using var temp = new TempDirectory();

        var bypass = await RunAsync(temp, "bypass", keep: false, "bypass");
        var promote = await RunAsync(temp, "promote", keep: true, "kept");

        Assert.Contains("<!-- pipelines-run: sandbox-", bypass.Stdout, StringComparison.Ordinal);
        Assert.Contains("Gate bypassed", bypass.Stdout, StringComparison.Ordinal);
        Assert.Contains("| advanced |", promote.Stdout, StringComparison.Ordinal);
        Assert.Contains($"The sandbox is kept in {temp.Combine("kept")}", promote.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("kept", "promote", "pipelines.yaml")));
    }

    [Fact]
    public async Task A_non_empty_directory_or_an_unknown_scenario_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("occupied.txt"), "x");

        var occupied = await InProcess.RunAsync(
            context => new SandboxCommand(context).RunAsync(new SandboxOptions("promote", "promote", Directory: temp.Path), CancellationToken.None),
            InProcess.BaseEnvironment(temp.Path), temp.Path);
        var unknown = await InProcess.RunAsync(
            context => new SandboxCommand(context).RunAsync(new SandboxOptions("promote", "meteor-strike"), CancellationToken.None),
            InProcess.BaseEnvironment(temp.Path), temp.Path);

        Assert.Equal(ExitCodes.Usage, occupied.ExitCode);
        Assert.Contains("is not empty", occupied.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("occupied.txt")));
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("meteor-strike", unknown.Stderr, StringComparison.Ordinal);
    }

    private static async Task<CapturedRun> RunAsync(TempDirectory temp, string scenario, bool keep, string directory)
    {
        var run = await InProcess.RunAsync(
            context => new SandboxCommand(context).RunAsync(new SandboxOptions("promote", scenario, keep, temp.Combine(directory)), CancellationToken.None),
            InProcess.BaseEnvironment(temp.Path),
            temp.Path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Output);
        return run;
    }
}
