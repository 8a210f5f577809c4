using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Testing.GitHub;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>What <c>stage resolve-shas</c> writes to <c>$GITHUB_OUTPUT</c>, and what a dry run (and a bypass dry run) says.</summary>
public sealed class ResolveOutputAndDryRunTextTests
{
    [Fact]
    public async Task Resolve_shas_outputs_the_from_and_to_sha_of_each_repository_and_empty_only_for_a_branch_to_seed()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"), new RepoSetup("metadata", RepoShape.NoProd));
        var output = world.Root.Combine("github_output");

        var run = await world.PromoteAsync(new PromoteOptions { Stage = StageNames.ResolveShas }, new Dictionary<string, string> { ["GITHUB_OUTPUT"] = output });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var outputs = File.ReadAllLines(output);
        Assert.Contains($"backend_from_sha={world["backend"].Main}", outputs);
        Assert.Contains($"backend_to_sha={world["backend"].OriginalProd}", outputs);
        Assert.Contains($"metadata_from_sha={world["metadata"].Main}", outputs);
        Assert.Contains("metadata_to_sha=", outputs);
    }

    [Fact]
    public async Task A_repository_whose_lookup_failed_gets_no_sha_outputs_at_all()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("GET", "/repos/WXYC/metadata/git/ref/heads/main").Status(403, "Resource not accessible by personal access token"));
        var output = world.Root.Combine("github_output");

        var run = await world.PromoteAsync(new PromoteOptions { Stage = StageNames.ResolveShas }, new Dictionary<string, string> { ["GITHUB_OUTPUT"] = output });

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var outputs = File.ReadAllLines(output);
        Assert.Contains(outputs, line => line.StartsWith("backend_from_sha=", StringComparison.Ordinal));
        Assert.DoesNotContain(outputs, line => line.StartsWith("metadata_from_sha=", StringComparison.Ordinal)
            || line.StartsWith("metadata_to_sha=", StringComparison.Ordinal)
            || line.StartsWith("metadata_sha=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bypass_dry_run_says_it_would_post_the_audit_entry_and_posted_nothing()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));

        var run = await world.PromoteAsync(new PromoteOptions { SkipGate = true, Justification = "hotfix", Actor = "alice", DryRun = true });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var detail = Assert.Single(run.Stages(StageNames.LogBypass)).Detail;
        Assert.StartsWith("would post the audit entry to http", detail, StringComparison.Ordinal);
        Assert.EndsWith("(dry run: nothing posted)", detail, StringComparison.Ordinal);
        Assert.Empty(world.TrackerComments);
    }

    [Fact]
    public async Task A_dry_run_shows_each_repository_by_owner_and_name_with_full_shas_in_the_summary_and_on_stdout()
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await world.PromoteAsync(new PromoteOptions { DryRun = true });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.NotNull(run.Summary);
        foreach (var repo in world.Repos)
        {
            Assert.NotNull(repo.OriginalProd);
            Assert.Contains($"| {repo.Name} `{repo.FullName}` | `main → prod` | `{repo.OriginalProd}` | `{repo.Main}` | would advance |", run.Summary, StringComparison.Ordinal);
            Assert.Contains($"{repo.FullName} prod: {repo.OriginalProd} -> {repo.Main}  would advance", run.Stdout, StringComparison.Ordinal);
        }
    }
}
