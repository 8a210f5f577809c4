using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Testing.Git;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Issue 12, point 4: the built CLI promotes, then cannot write <c>$GITHUB_OUTPUT</c> because the
/// path is a directory. The exit code, stdout's outcome line, the <c>--report</c> and the summary
/// all say exit 1 and why; stderr names <c>GITHUB_OUTPUT</c>, the path and the cause.
/// </summary>
public sealed class GitHubOutputFailureTests : IDisposable
{
    private readonly TempDirectory _files = new("github-output-failure");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_GITHUB_OUTPUT_that_is_a_directory_fails_the_run_alike_in_the_exit_code_stdout_the_report_and_the_summary()
    {
        var directory = _files.Combine("github_output");
        Directory.CreateDirectory(directory);
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        world.WithEnvironment(new Dictionary<string, string> { ["GITHUB_OUTPUT"] = directory });

        await using var cli = CliPromote.Start(world, new PromoteArguments());
        var result = await cli.FinishAsync(TimeSpan.FromMinutes(2));

        // The promotion itself happened: the outcome stays "promoted", but nothing claims exit 0.
        Assert.Equal(world["backend"].Emulated.Branch("main"), world["backend"].Emulated.Branch("prod"));
        Assert.True(result.ExitCode == ExitCodes.Failure, result.StandardOutput + result.StandardError);
        Assert.Contains($"outcome: promoted (exit {ExitCodes.Failure})", result.StandardOutput, StringComparison.Ordinal);
        var report = Assert.IsType<PromotionReport>(result.EffectiveReport);
        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Equal(ExitCodes.Failure, report.ExitCode);
        Assert.Contains($"the step outputs were NOT written to GITHUB_OUTPUT '{directory}': the path is a directory", report.Message, StringComparison.Ordinal);
        Assert.Contains("\"exit_code\": 1", result.ReportJson, StringComparison.Ordinal);
        Assert.Contains("the step outputs were NOT written", result.Summary, StringComparison.Ordinal);
        Assert.Contains("the path is a directory", result.Summary, StringComparison.Ordinal);
        Assert.Contains($"could not write the step outputs to GITHUB_OUTPUT '{directory}': the path is a directory, not a file", result.StandardError, StringComparison.Ordinal);
    }
}
