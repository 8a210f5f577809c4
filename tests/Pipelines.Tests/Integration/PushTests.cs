using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Promotion.Audit;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Integration;

/// <summary>The push stage: one repository at a time, each with its own token, answered by a rollback or a loud split.</summary>
public sealed class PushTests
{
    private const string MetadataProd = "/repos/WXYC/metadata/git/refs/heads/prod";

    [Fact]
    public async Task Each_push_uses_only_that_repositorys_push_token_and_reads_use_the_read_token()
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var repo in world.Repos)
        {
            var push = Assert.Single(world.RefWrites(repo.Name));
            Assert.Equal(repo.PushTokenName, push.TokenName);
        }

        Assert.All(world.GitHub.Requests.All.Where(r => !r.IsWrite), r => Assert.Equal(GitHubWorld.ReadTokenName, r.TokenName));
        Assert.All(world.Repos, r => Assert.All(r.Emulated.RefLog.Where(c => c.TokenName is not null), c => Assert.Equal(r.PushTokenName, c.TokenName)));
    }

    [Fact]
    public async Task Pushes_go_in_config_order()
    {
        await using var world = await GitHubWorld.StartAsync();

        await world.PromoteAsync();

        var order = world.GitHub.Requests.All.Where(r => r.Method == "PATCH").Select(r => r.Path).ToList();
        Assert.Equal(["/repos/WXYC/backend/git/refs/heads/prod", MetadataProd], order);
    }

    [Fact]
    public async Task A_rejected_second_push_rolls_the_first_back()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).Status(422, "Update is not a fast forward"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var report = run.RequireReport();
        Assert.Equal(PromotionOutcome.RolledBack, report.Outcome);
        Assert.Equal(RepoStatus.RolledBack, run.RepoReport("backend").Status);
        Assert.Equal(RepoStatus.Failed, run.RepoReport("metadata").Status);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        var backendMoves = world["backend"].Emulated.RefLog.Where(c => c.TokenName is not null).ToList();
        Assert.Equal(2, backendMoves.Count);
        Assert.True(backendMoves[1].Forced);
        Assert.Equal(world["backend"].OriginalProd, backendMoves[1].NewSha);
        Assert.Equal(StageStatus.Passed, Assert.Single(run.Stages(StageNames.Rollback)).Status);
    }

    [Fact]
    public async Task A_rollback_is_recorded_on_the_tracker()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).Status(422, "Update is not a fast forward"));

        var run = await world.PromoteAsync(new PromoteOptions { RunId = "run-rb" });

        Assert.Equal(PromotionOutcome.RolledBack, run.RequireReport().Outcome);
        var entry = Assert.Single(world.TrackerComments);
        Assert.StartsWith(AuditEntry.Marker("run-rb", AuditEntry.RollbackKind), entry.Body, StringComparison.Ordinal);
        Assert.Contains(world["backend"].Main, entry.Body, StringComparison.Ordinal);
        Assert.Contains(world["backend"].OriginalProd!, entry.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rerun_of_the_same_run_that_rolls_back_again_does_not_record_the_rollback_twice()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).Status(422, "Update is not a fast forward"));
        var options = new PromoteOptions { RunId = "run-rerun" };

        var first = await world.PromoteAsync(options);
        var second = await world.PromoteAsync(options);

        Assert.Equal(PromotionOutcome.RolledBack, first.RequireReport().Outcome);
        Assert.Equal(PromotionOutcome.RolledBack, second.RequireReport().Outcome);
        Assert.Single(world.TrackerComments);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
    }

    [Fact]
    public async Task A_lost_answer_to_a_seed_or_to_a_rollback_is_reconciled_by_re_reading()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend", RepoShape.NoProd), new RepoSetup("metadata"), new RepoSetup("search"));
        var create = world.GitHub.Faults.Add(GitHubCalls.CreateRef.Fault().ResetAfterApply().Once());
        var metadataId = world.GitHub.Repository("WXYC/metadata").NodeId;
        var rollback = world.GitHub.Faults.Add(GitHubCalls.UpdateRefs.Fault().When(r => r.Body.Contains(metadataId, StringComparison.Ordinal)).ResetAfterApply().Once());
        world.GitHub.Faults.Add(Fault.On("PATCH", "/repos/WXYC/search/git/refs/heads/prod").Status(422, "Update is not a fast forward"));

        var run = await world.PromoteAsync();

        Assert.Equal((1, 1), (create.Hits, rollback.Hits));
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.RolledBack, run.RequireReport().Outcome);
        Assert.Null(world["backend"].Prod);
        Assert.All(world.Repos.Skip(1), r => Assert.Equal(r.OriginalProd, r.Prod));
    }

    [Fact]
    public async Task A_rolled_back_seed_is_deleted_again()
    {
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend", RepoShape.NoProd), new RepoSetup("metadata"));
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).Status(422, "Update is not a fast forward"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.RolledBack, run.RequireReport().Outcome);
        Assert.Null(world["backend"].Prod);
        // Deleted as a compare-and-swap (only if it still points at what this run created), not by a blind DELETE.
        var delete = Assert.Single(world.GitHub.Requests.Matching("POST", "/graphql"));
        Assert.Contains($"\"beforeOid\":\"{world["backend"].Main}\"", delete.Body);
        Assert.Contains("\"afterOid\":\"0000000000000000000000000000000000000000\"", delete.Body);
        Assert.Empty(world.GitHub.Requests.Matching("DELETE", "/**"));
    }

    [Fact]
    public async Task With_on_split_hold_a_rejected_second_push_leaves_a_split_that_the_summary_describes()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.Config = world.Config with { OnSplit = "hold" };
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).Status(422, "Update is not a fast forward"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.NeedsAttention, run.ExitCode);
        Assert.Equal(PromotionOutcome.Split, run.RequireReport().Outcome);
        var (backend, metadata) = (world["backend"], world["metadata"]);
        Assert.Equal(backend.Main, backend.Prod);
        Assert.Equal(metadata.OriginalProd, metadata.Prod);
        Assert.Equal(backend.Main, run.RepoReport("backend").AfterSha);
        Assert.Equal(metadata.OriginalProd, run.RepoReport("metadata").AfterSha);
        var summary = run.Summary!;
        Assert.Contains("split", summary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"WXYC/backend:prod` → `{CommitSha.Short(backend.Main)}`", summary, StringComparison.Ordinal);
        Assert.Contains($"WXYC/metadata:prod` → `{CommitSha.Short(metadata.OriginalProd!)}`", summary, StringComparison.Ordinal);
        Assert.Contains("Finish the promotion", summary, StringComparison.Ordinal);
        Assert.Contains("Undo it", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(world.GitHub.Requests.All, r => r.Method == "PATCH" && r.Body.Contains("\"force\":true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rollback_write_that_fails_twice_leaves_a_split_with_exit_3()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).Status(422, "Update is not a fast forward"));
        world.GitHub.Faults.Add(GitHubCalls.UpdateRefs.Fault().Status(500));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.NeedsAttention, run.ExitCode);
        Assert.Equal(PromotionOutcome.Split, run.RequireReport().Outcome);
        Assert.Equal(world["backend"].Main, world["backend"].Prod);
        var rollback = Assert.Single(run.Stages(StageNames.Rollback));
        Assert.Equal(StageStatus.Failed, rollback.Status);
        Assert.Contains("sent 2 times", rollback.Detail);
        Assert.Equal(2, world.GitHub.Requests.Count("POST", "/graphql"));
    }

    [Fact]
    public async Task A_rollback_write_that_fails_once_is_re_read_and_sent_again()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).Status(422, "Update is not a fast forward"));
        var failed = world.GitHub.Faults.Add(GitHubCalls.UpdateRefs.Fault().Status(502).Once());

        var run = await world.PromoteAsync();

        Assert.Equal(1, failed.Hits);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.RolledBack, run.RequireReport().Outcome);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        var requests = world.GitHub.Requests.All;
        var first = requests.First(r => r.Path == "/graphql");
        var second = requests.Last(r => r.Path == "/graphql");
        // Guarded: the branch was read between the failed write and the second one.
        Assert.Contains(requests, r => r.Sequence > first.Sequence && r.Sequence < second.Sequence && r.Path.EndsWith("/backend/git/ref/heads/prod", StringComparison.Ordinal));
        Assert.Equal(2, world.GitHub.Requests.Count("POST", "/graphql"));
    }

    [Fact]
    public async Task A_commit_someone_else_lands_while_the_rollback_is_in_flight_stays()
    {
        await using var world = await GitHubWorld.StartAsync();
        var backendRepo = world.GitHub.Repository("WXYC/backend");
        var theirs = backendRepo.Commit(world["backend"].Main!);
        // A third party fast-forwards backend's prod just as metadata's push is refused.
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).When(_ => { backendRepo.SetBranch("prod", theirs); return true; }).Status(422, "Update is not a fast forward"));

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.NeedsAttention, run.ExitCode);
        var report = run.RequireReport();
        Assert.Equal(PromotionOutcome.Split, report.Outcome);
        Assert.Equal(theirs, backendRepo.Branch("prod"));
        Assert.Equal(RepoStatus.Superseded, run.RepoReport("backend").Status);
        Assert.Equal(theirs, run.RepoReport("backend").AfterSha);
        Assert.DoesNotContain("back where it was", report.Message, StringComparison.Ordinal);
        Assert.Contains("someone else moved it", Assert.Single(run.Stages(StageNames.Rollback)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_push_whose_answer_was_lost_after_it_landed_counts_as_done()
    {
        await using var world = await GitHubWorld.StartAsync();
        var lost = world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).ResetAfterApply().Once());

        var run = await world.PromoteAsync();

        Assert.Equal(1, lost.Hits);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(PromotionOutcome.Promoted, run.RequireReport().Outcome);
        Assert.Equal(RepoStatus.Advanced, run.RepoReport("metadata").Status);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, r.Prod));
        Assert.Single(world.GitHub.Requests.Matching("PATCH", MetadataProd));
    }

    [Fact]
    public async Task A_push_dropped_before_it_landed_fails_and_rolls_back()
    {
        await using var world = await GitHubWorld.StartAsync();
        world.GitHub.Faults.Add(Fault.On("PATCH", MetadataProd).ResetBeforeApply().Once());

        var run = await world.PromoteAsync();

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal(PromotionOutcome.RolledBack, run.RequireReport().Outcome);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
    }

    [Fact]
    public async Task Prod_moved_between_resolve_and_push_blocks_without_pushing()
    {
        await using var world = await GitHubWorld.StartAsync();
        var metadata = world["metadata"];
        var someoneElses = metadata.Emulated.Parents(metadata.Main)[0];
        var moved = 0;
        // Another promotion lands while this run compares: the request hook moves prod once.
        world.GitHub.Faults.Add(GitHubCalls.Compare.Fault().When(_ =>
        {
            if (Interlocked.Exchange(ref moved, 1) == 0)
            {
                metadata.Emulated.SetBranch("prod", someoneElses);
            }

            return false;
        }));

        var run = await world.PromoteAsync();

        Assert.Equal(1, moved);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.NotEqual(PromotionOutcome.Promoted, run.RequireReport().Outcome);
        Assert.Contains("metadata", run.RequireReport().Message, StringComparison.Ordinal);
        Assert.Empty(world.GitHub.Requests.Matching("PATCH", MetadataProd));
        Assert.Equal(someoneElses, metadata.Prod);
        Assert.Equal(world["backend"].OriginalProd, world["backend"].Prod);
    }

    [Fact]
    public async Task A_dry_run_reads_probes_and_checks_but_writes_nothing()
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await world.PromoteAsync(new PromoteOptions { DryRun = true });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var report = run.RequireReport();
        Assert.Equal(PromotionOutcome.DryRun, report.Outcome);
        Assert.True(report.DryRun);
        Assert.Empty(world.Writes);
        Assert.All(world.Repos, r => Assert.Equal(r.OriginalProd, r.Prod));
        Assert.All(world.Repos, r => Assert.Equal(1, r.Staging.Version.Requests));
        Assert.Contains("[smoke] smoke passed", run.Stdout, StringComparison.Ordinal);
        Assert.All(world.Repos, r => Assert.Equal(r.Main, run.RepoReport(r.Name).SourceSha));
    }

    [Fact]
    public async Task A_dry_run_needs_no_push_tokens()
    {
        await using var world = await GitHubWorld.StartAsync();
        foreach (var repo in world.Repos)
        {
            world.Environment.Remove(repo.PushTokenEnv);
        }

        var run = await world.PromoteAsync(new PromoteOptions { DryRun = true });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(world.Writes);
    }

    [Fact]
    public async Task A_dry_run_of_a_bypass_posts_no_audit_entry()
    {
        await using var world = await GitHubWorld.StartAsync();

        var run = await world.PromoteAsync(new PromoteOptions { DryRun = true, SkipGate = true, Justification = "hotfix" });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(world.Writes);
        Assert.Empty(world.TrackerComments);
    }

    [Fact]
    public async Task The_harness_fails_a_scenario_whose_output_breaks_an_invariant()
    {
        // A canary for the harness itself: a credential the config never declares is inherited by
        // checks (by design) and printed as is; every run is checked, so the leak fails the scenario.
        await using var world = await GitHubWorld.StartAsync(new RepoSetup("backend"));
        world.Config = world.Config.WithChecks(new CheckSpec("smoke", "echo \"deploying with $UNDECLARED_DEPLOY_TOKEN\""));

        var error = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() =>
            world.PromoteAsync(environment: new Dictionary<string, string> { ["UNDECLARED_DEPLOY_TOKEN"] = "undeclared-value-123456" }));

        Assert.Contains($"{nameof(PromotionInvariant.NoTokenLeak)}: the value of UNDECLARED_DEPLOY_TOKEN appears in stdout", error.Message, StringComparison.Ordinal);
    }
}
