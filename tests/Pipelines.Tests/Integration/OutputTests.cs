using System.Text.Json;
using Pipelines.Commands;
using Pipelines.Testing.GitHub;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>The report, the summary and the GitHub Actions files a run writes; a failed write is an error.</summary>
public sealed class OutputTests
{
    [Fact]
    public async Task Report_summary_github_output_and_step_summary_are_written()
    {
        await using var world = await GitHubWorld.StartAsync();
        var output = world.Root.Combine("github_output");
        var stepSummary = world.Root.Combine("step_summary.md");
        File.WriteAllText(stepSummary, "previous step\n");
        var environment = new Dictionary<string, string> { ["GITHUB_OUTPUT"] = output, ["GITHUB_STEP_SUMMARY"] = stepSummary };

        var run = await world.PromoteAsync(environment: environment);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var report = JsonDocument.Parse(run.ReportJson!);
        var root = report.RootElement;
        Assert.Equal("promoted", root.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("bypass").ValueKind);
        var backend = root.GetProperty("repos").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "backend");
        Assert.Equal("WXYC/backend", backend.GetProperty("repo").GetString());
        Assert.Equal(world["backend"].Main, backend.GetProperty("source_sha").GetString());
        Assert.Equal(world["backend"].OriginalProd, backend.GetProperty("before_sha").GetString());
        Assert.Equal(world["backend"].Main, backend.GetProperty("after_sha").GetString());
        Assert.Equal("advanced", backend.GetProperty("status").GetString());
        Assert.Contains(root.GetProperty("stages").EnumerateArray(), s =>
            s.GetProperty("name").GetString() == "poll-health" && s.GetProperty("repo").GetString() == "backend"
            && s.GetProperty("status").GetString() == "passed" && s.GetProperty("duration_ms").ValueKind == JsonValueKind.Number);

        Assert.Contains("| backend `WXYC/backend` |", run.Summary!, StringComparison.Ordinal);
        Assert.Contains($"`{world["backend"].Main[..12]}`", run.Summary!, StringComparison.Ordinal);

        var outputs = File.ReadAllLines(output);
        Assert.Contains("outcome=promoted", outputs);
        Assert.Contains($"backend_sha={world["backend"].Main}", outputs);
        Assert.Contains("backend_pushed=true", outputs);
        Assert.Contains($"metadata_sha={world["metadata"].Main}", outputs);
        Assert.Contains("metadata_pushed=true", outputs);

        var step = File.ReadAllText(stepSummary);
        Assert.StartsWith("previous step\n", step, StringComparison.Ordinal);
        Assert.Contains(run.Summary!.TrimEnd(), step, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_run_reports_pushed_false_and_the_unchanged_shas()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config.WithChecks(new CheckSpec("e2e", "exit 1"));
        var output = world.Root.Combine("github_output");

        var run = await world.PromoteAsync(environment: new Dictionary<string, string> { ["GITHUB_OUTPUT"] = output });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var outputs = File.ReadAllLines(output);
        Assert.Contains("outcome=blocked", outputs);
        Assert.Contains("backend_pushed=false", outputs);
        Assert.Contains("metadata_pushed=false", outputs);
    }

    [Fact]
    public async Task A_github_output_that_cannot_be_written_fails_the_run_with_exit_1()
    {
        await using var world = await GitHubWorld.StartAsync();
        var unwritable = world.Root.Combine("missing-directory", "github_output");

        var run = await world.PromoteAsync(environment: new Dictionary<string, string> { ["GITHUB_OUTPUT"] = unwritable });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains(unwritable, run.Stderr, StringComparison.Ordinal);
        // The promotion itself happened; the run still says something went wrong.
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        Assert.NotNull(run.ReportJson);
    }

    [Fact]
    public async Task A_failed_output_write_keeps_the_split_exit_code_3()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config with { OnSplit = "hold" };
        world.GitHub.Faults.Add(Fault.On("PATCH", "/repos/WXYC/metadata/git/refs/heads/prod").Status(422));

        var run = await world.PromoteAsync(environment: new Dictionary<string, string> { ["GITHUB_OUTPUT"] = world.Root.Combine("missing", "out") });

        Assert.Equal(ExitCodes.NeedsAttention, run.ExitCode);
    }
}
