using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Pipelines.Checks;
using Pipelines.Configuration;
using Pipelines.Execution;
using Pipelines.GitHub;
using Pipelines.Probes;
using Pipelines.Promotion;
using static Pipelines.Tests.Promotion.GateHarness;

namespace Pipelines.Tests.Promotion;

public sealed class PromotionGateTests
{
    private readonly GateHarness _gate = new();

    [Fact]
    public async Task Promotes_every_repo_in_config_order_after_all_stages_pass()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        var metadata = _gate.AddRepo("metadata", Main2, Prod2);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(Main1, backend["prod"]);
        Assert.Equal(Main2, metadata["prod"]);
        Assert.Equal([RepoStatus.Advanced, RepoStatus.Advanced], report.Repos.Select(r => r.Status));
        var pushes = report.Stages.Where(s => s.Name == StageNames.PushProd).Select(s => s.Repo);
        Assert.Equal(["backend", "metadata"], pushes);
        Assert.Equal($"update prod {Prod1}->{Main1}", Assert.Single(backend.Writes));
    }

    [Fact]
    public async Task Nothing_to_do_is_a_noop_that_runs_no_probes_checks_or_audit()
    {
        _gate.AddRepo("backend", Main1, Main1);
        _gate.AddRepo("metadata", Main2, Main2);

        var report = await _gate.RunAsync(r => r with { Bypass = new BypassRequest("hotfix") });

        Assert.Equal(PromotionOutcome.Noop, report.Outcome);
        Assert.Equal(0, report.ExitCode);
        Assert.Empty(_gate.Events);
        Assert.All(report.Repos, r => Assert.Equal(RepoStatus.Unchanged, r.Status));
    }

    [Fact]
    public async Task A_partial_noop_pushes_only_the_repo_that_changed()
    {
        var backend = _gate.AddRepo("backend", Main1, Main1);
        var metadata = _gate.AddRepo("metadata", Main2, Prod2);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Empty(backend.Writes);
        Assert.Single(metadata.Writes);
        Assert.Equal([RepoStatus.Unchanged, RepoStatus.Advanced], report.Repos.Select(r => r.Status));
    }

    [Fact]
    public async Task A_missing_prod_branch_is_seeded()
    {
        var backend = _gate.AddRepo("backend", Main1, null);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Equal($"create prod {Main1}", Assert.Single(backend.Writes));
        var repo = Assert.Single(report.Repos);
        Assert.Equal(RepoStatus.Seeded, repo.Status);
        Assert.Null(repo.BeforeSha);
    }

    [Fact]
    public async Task A_missing_source_branch_blocks()
    {
        _gate.AddRepo("backend", null, Prod1);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains("branch 'main' not found", report.Message);
    }

    [Theory]
    [InlineData("ABCDEF1111111111111111111111111111111111")]
    [InlineData("1234")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public async Task A_head_that_is_not_a_sha_blocks_naming_the_repo(string notASha)
    {
        var backend = _gate.AddRepo("backend", notASha, Prod1);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains("backend", report.Message);
        Assert.Contains("not a commit SHA", report.Message);
        Assert.Empty(backend.Writes);
    }

    [Fact]
    public async Task A_sha256_head_is_accepted()
    {
        var sha256 = new string('c', 64);
        var backend = _gate.AddRepo("backend", sha256, Prod1);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Equal(sha256, backend["prod"]);
    }

    [Fact]
    public async Task A_host_error_while_resolving_blocks_with_its_message_and_writes_nothing()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        var failing = Substitute.For<IRepositoryBranches>();
        failing.DisplayName.Returns("acme/metadata");
        failing.GetHeadAsync(default!, default).ReturnsForAnyArgs<Task<string?>>(
            _ => throw new GitHubApiException("get branch acme/metadata:prod", System.Net.HttpStatusCode.Unauthorized, "Bad credentials"));
        _gate.AddRepo("metadata", Main2, Prod2);
        _gate.Host.OpenRepository(Arg.Is<RepoSettings>(r => r.Name == "metadata")).Returns(failing);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Equal(1, report.ExitCode);
        Assert.Contains("HTTP 401 Bad credentials", report.Message);
        Assert.Empty(backend.Writes);
        Assert.Empty(_gate.Events);
    }

    [Theory]
    [InlineData(CommitRelation.Diverged, "diverged")]
    [InlineData(CommitRelation.Behind, "backwards")]
    public async Task Prod_that_is_not_an_ancestor_of_main_blocks_before_any_probe(CommitRelation relation, string expected)
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        backend.Relation = relation;

        var report = await _gate.RunAsync(r => r with { Bypass = new BypassRequest("urgent") });

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains(expected, report.Message);
        Assert.Empty(backend.Writes);
        Assert.Empty(_gate.Events);
    }

    [Fact]
    public async Task An_unhealthy_staging_blocks_and_pushes_nothing()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        _gate.Health.WaitUntilHealthyAsync(Arg.Any<Uri>(), Arg.Any<PollSettings>(), Arg.Any<CancellationToken>())
            .Returns(ProbeResult.Fail("https://backend.staging.test/healthcheck not healthy after 5m: last status 503", TimeSpan.FromMinutes(5)));

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains("last status 503", report.Message);
        Assert.Empty(backend.Writes);
        await _gate.Checks.DidNotReceiveWithAnyArgs().RunAsync(default!, default, default);
    }

    [Fact]
    public async Task The_version_is_verified_against_the_resolved_source_sha()
    {
        _gate.AddRepo("backend", Main1, Prod1);

        await _gate.RunAsync();

        await _gate.Version.Received(1).VerifyAsync(
            new Uri("https://backend.staging.test/version"), "sha", Main1, Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_version_mismatch_blocks()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        _gate.Version.VerifyAsync(default!, default!, default!, default, default)
            .ReturnsForAnyArgs(ProbeResult.Fail($"expected {Main1}, staging reports {Main2}", TimeSpan.Zero));

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains($"expected {Main1}", report.Message);
        Assert.Empty(backend.Writes);
    }

    [Fact]
    public async Task A_failed_check_blocks_and_keeps_its_output_tail()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        _gate.CheckSettings.Add(Check("e2e"));
        var result = new ProcessResult(1, ProcessTermination.Exited, TimeSpan.FromSeconds(3), ["FAIL login test", "token s3cr3t-token"]);
        _gate.Checks.RunAsync(default!, default, default)
            .ReturnsForAnyArgs([new CheckOutcome("e2e", false, result, "exit code 1", TimeSpan.FromSeconds(3))]);

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        var stage = Assert.Single(report.Stages, s => s.Name == "run-checks:e2e");
        Assert.Equal(StageStatus.Failed, stage.Status);
        Assert.Equal(["FAIL login test", "token ***"], stage.Output);
        Assert.Empty(backend.Writes);
    }

    [Fact]
    public async Task Checks_run_only_after_health_and_version_passed()
    {
        _gate.AddRepo("backend", Main1, Prod1);
        _gate.AddRepo("metadata", Main2, Prod2);
        _gate.CheckSettings.Add(Check("e2e"));

        await _gate.RunAsync();

        Assert.Equal("checks", _gate.Events[^1]);
        Assert.Equal(4, _gate.Events.Count(e => e.StartsWith("health") || e.StartsWith("version")));
    }

    [Fact]
    public async Task A_bypass_skips_probes_and_checks_and_posts_the_audit_entry_before_any_push()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        backend.OnRead = _ => { if (backend.Writes.Count == 0) { _gate.Events.Add("read"); } };

        var report = await _gate.RunAsync(r => r with { Bypass = new BypassRequest("prod is down; @team see #12") });

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.DoesNotContain(_gate.Events, e => e.StartsWith("health") || e.StartsWith("version") || e == "checks");
        Assert.Equal(Main1, backend["prod"]);
        Assert.Equal("audit", _gate.Events[^2]); // then the re-read just before the push
        await _gate.Tracker.Received(1).AppendAsync(
            Arg.Is<string>(s => s.Contains("prod is down; @team see #12") && s.Contains(Prod1) && s.Contains(Main1) && s.Contains("octocat")),
            Arg.Any<CancellationToken>());
        Assert.Equal("https://github.com/acme/tracker/issues/1#issuecomment-7", report.Bypass!.AuditLocation);
    }

    [Fact]
    public async Task A_bypass_whose_audit_entry_cannot_be_posted_pushes_nothing()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        _gate.Tracker.AppendAsync(default!, default).ThrowsAsyncForAnyArgs(
            new GitHubApiException("comment on acme/tracker#1", System.Net.HttpStatusCode.Forbidden, "Resource not accessible"));

        var report = await _gate.RunAsync(r => r with { Bypass = new BypassRequest("urgent") });

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains("nothing was pushed", report.Message);
        Assert.Empty(backend.Writes);
    }

    [Fact]
    public async Task A_bypass_already_recorded_for_this_run_is_not_posted_again()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        _gate.Tracker.ContainsAsync("<!-- pipelines-run: 42 bypass -->", Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(true);

        var report = await _gate.RunAsync(r => r with { Bypass = new BypassRequest("urgent") });

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        await _gate.Tracker.DidNotReceiveWithAnyArgs().AppendAsync(default!, default);
        Assert.Equal(Main1, backend["prod"]);
    }

    [Fact]
    public async Task A_bypass_with_nothing_to_push_posts_nothing()
    {
        _gate.AddRepo("backend", Main1, Main1);

        await _gate.RunAsync(r => r with { Bypass = new BypassRequest("urgent") });

        await _gate.Tracker.DidNotReceiveWithAnyArgs().AppendAsync(default!, default);
    }

    [Fact]
    public async Task First_push_ok_and_second_rejected_rolls_the_first_back()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        var metadata = _gate.AddRepo("metadata", Main2, Prod2);
        metadata.FailNextWrite = new GitHubApiException("update ref", System.Net.HttpStatusCode.UnprocessableEntity, "Update is not a fast forward");

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.RolledBack, report.Outcome);
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(Prod1, backend["prod"]);
        Assert.Equal(Prod2, metadata["prod"]);
        Assert.Equal($"update prod {Main1}->{Prod1} force", backend.Writes[^1]);
        Assert.Equal([RepoStatus.RolledBack, RepoStatus.Failed], report.Repos.Select(r => r.Status));
        await _gate.Tracker.Received(1).AppendAsync(Arg.Is<string>(s => s.Contains("rolled back")), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_rolled_back_seed_is_deleted_again()
    {
        var backend = _gate.AddRepo("backend", Main1, null);
        var metadata = _gate.AddRepo("metadata", Main2, Prod2);
        metadata.FailNextWrite = new InvalidOperationException("boom");

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.RolledBack, report.Outcome);
        Assert.Null(backend["prod"]);
        Assert.Equal($"delete prod {Main1}", backend.Writes[^1]);
    }

    [Fact]
    public async Task With_on_split_hold_a_failed_second_push_leaves_a_loud_split()
    {
        _gate.OnSplit = SplitPolicy.Hold;
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        var metadata = _gate.AddRepo("metadata", Main2, Prod2);
        metadata.FailNextWrite = new InvalidOperationException("boom");

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Split, report.Outcome);
        Assert.Equal(3, report.ExitCode);
        Assert.Equal(Main1, backend["prod"]);
        Assert.Equal(Prod2, metadata["prod"]);
        Assert.Equal([RepoStatus.Advanced, RepoStatus.Failed], report.Repos.Select(r => r.Status));
    }

    [Fact]
    public async Task A_rollback_that_finds_the_branch_moved_again_leaves_a_split()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        var metadata = _gate.AddRepo("metadata", Main2, Prod2);
        metadata.FailNextWrite = new InvalidOperationException("boom");
        // Someone else moves backend's prod after this run pushed it, before the rollback (metadata's third read is its re-read before its push).
        metadata.OnRead = n => { if (n == 3) { backend["prod"] = "9999999999999999999999999999999999999999"; } };

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Split, report.Outcome);
        Assert.Equal("9999999999999999999999999999999999999999", backend["prod"]);
        var repo = report.Repos.Single(r => r.Name == "backend");
        Assert.Equal(RepoStatus.Superseded, repo.Status);
        Assert.Equal("9999999999999999999999999999999999999999", repo.AfterSha);
        Assert.Contains("someone else moved it", report.Stages.Single(s => s.Name == StageNames.Rollback).Detail);
    }

    [Fact]
    public async Task A_push_whose_answer_was_lost_but_landed_counts_as_done()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        backend.FailNextWrite = new HttpRequestException("connection reset");
        backend.ApplyBeforeFailing = true;

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Equal(RepoStatus.Advanced, Assert.Single(report.Repos).Status);
        Assert.Contains("landed", report.Stages.Single(s => s.Name == StageNames.PushProd).Detail);
    }

    [Fact]
    public async Task A_push_that_failed_and_did_not_land_is_a_failure()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        backend.FailNextWrite = new HttpRequestException("connection reset");

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Equal(Prod1, backend["prod"]);
        Assert.Contains("connection reset", report.Message);
    }

    [Fact]
    public async Task A_ref_moved_between_resolve_and_push_stops_without_pushing()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        // Reads 1 and 2 resolve main and prod; read 3 is the re-read just before the push.
        backend.OnRead = n => { if (n == 3) { backend["prod"] = "cccccccccccccccccccccccccccccccccccccccc"; } };

        var report = await _gate.RunAsync();

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Contains("moved since it was read", report.Message);
        Assert.Empty(backend.Writes);
    }

    [Fact]
    public async Task A_dry_run_runs_every_stage_and_writes_nothing()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        _gate.CheckSettings.Add(Check("e2e"));

        var report = await _gate.RunAsync(r => r with { Mode = PromotionMode.DryRun });

        Assert.Equal(PromotionOutcome.DryRun, report.Outcome);
        Assert.Equal(0, report.ExitCode);
        Assert.True(report.DryRun);
        Assert.Equal(Prod1, backend["prod"]);
        Assert.Contains("checks", _gate.Events);
        Assert.Equal(Main1, Assert.Single(report.Repos).AfterSha);
    }

    [Fact]
    public async Task A_dry_run_bypass_posts_no_audit_entry()
    {
        _gate.AddRepo("backend", Main1, Prod1);

        await _gate.RunAsync(r => r with { Mode = PromotionMode.DryRun, Bypass = new BypassRequest("urgent") });

        await _gate.Tracker.DidNotReceiveWithAnyArgs().AppendAsync(default!, default);
    }

    [Fact]
    public async Task A_dry_run_exits_as_a_real_run_would_when_blocked()
    {
        _gate.AddRepo("backend", Main1, Prod1);
        _gate.Version.VerifyAsync(default!, default!, default!, default, default).ReturnsForAnyArgs(ProbeResult.Fail("mismatch", TimeSpan.Zero));

        var report = await _gate.RunAsync(r => r with { Mode = PromotionMode.DryRun });

        Assert.Equal(PromotionOutcome.Blocked, report.Outcome);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public async Task Cancellation_between_pushes_still_rolls_back()
    {
        using var cts = new CancellationTokenSource();
        var backend = _gate.AddRepo("backend", Main1, Prod1);
        var metadata = _gate.AddRepo("metadata", Main2, Prod2);
        metadata.OnRead = n => { if (n == 3) { cts.Cancel(); } };

        var report = await _gate.RunAsync(cancellationToken: cts.Token);

        Assert.Equal(PromotionOutcome.RolledBack, report.Outcome);
        Assert.Equal(Prod1, backend["prod"]);
        Assert.Equal(Prod2, metadata["prod"]);
    }

    [Fact]
    public async Task Token_values_never_reach_the_report()
    {
        _gate.AddRepo("backend", Main1, Prod1);
        _gate.Health.WaitUntilHealthyAsync(default!, default!, default)
            .ReturnsForAnyArgs(ProbeResult.Fail("server said s3cr3t-token", TimeSpan.Zero));

        var report = await _gate.RunAsync(r => r with { Trigger = "{\"t\":\"s3cr3t-token\"}" });

        var json = Pipelines.Reporting.ReportJson.Serialize(report);
        Assert.DoesNotContain("s3cr3t-token", json);
        Assert.Contains("***", report.Message);
    }

    [Fact]
    public async Task A_single_stage_plan_runs_resolve_and_that_stage_only()
    {
        var backend = _gate.AddRepo("backend", Main1, Prod1);

        var report = await _gate.RunAsync(r => r with { Plan = PromotionPlan.ForStage(StageNames.VerifyVersion) });

        Assert.Equal(PromotionOutcome.Passed, report.Outcome);
        Assert.Equal(["version backend.staging.test"], _gate.Events);
        Assert.Empty(backend.Writes);
    }

    [Theory]
    [InlineData(null, 3)]
    [InlineData(1, 1)]
    public async Task Health_probes_run_concurrently_up_to_the_parallel_limit(int? maxParallel, int expectedPeak)
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            _gate.AddRepo(name, Main1, Prod1);
        }

        var (running, peak) = (0, 0);
        var release = new TaskCompletionSource<ProbeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate.Health.WaitUntilHealthyAsync(default!, default!, default).ReturnsForAnyArgs(async _ =>
        {
            lock (_gate) { peak = Math.Max(peak, ++running); if (running == expectedPeak) { release.TrySetResult(ProbeResult.Pass("200", TimeSpan.Zero)); } }
            var result = await release.Task;
            lock (_gate) { running--; }
            return result;
        });

        var report = await _gate.RunAsync(configure: null, services: s => s with { MaxParallel = maxParallel });

        Assert.Equal(PromotionOutcome.Promoted, report.Outcome);
        Assert.Equal(expectedPeak, peak);
    }
}
