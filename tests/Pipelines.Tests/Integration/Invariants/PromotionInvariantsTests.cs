using Pipelines.Promotion;
using Pipelines.Promotion.Audit;
using Pipelines.Reporting;
using Pipelines.Testing.Invariants;
using static Pipelines.Tests.Integration.Invariants.CraftedRuns;

namespace Pipelines.Tests.Integration.Invariants;

/// <summary>The checker must catch each violation it names; each test feeds it one bad state.</summary>
public sealed class PromotionInvariantsTests
{
    [Fact]
    public void A_clean_promotion_keeps_every_invariant()
    {
        Assert.Empty(PromotionInvariants.Check(Promoted()));
    }

    [Fact]
    public void A_clean_block_keeps_every_invariant()
    {
        var result = Promoted() with
        {
            ExitCode = 1,
            Report = Report(PromotionOutcome.Blocked, [Stage(StageNames.PollHealth, "backend", StageStatus.Failed)]),
            World = new([Repo("backend", Base, Base)], []),
        };

        Assert.Empty(PromotionInvariants.Check(result));
    }

    // ---------------- gate before move ----------------

    [Fact]
    public void A_move_after_a_failed_check_is_caught()
    {
        var stages = GatePassed("backend");
        stages[^2] = Stage(StageNames.RunChecks + ":e2e", null, StageStatus.Failed);
        var result = Promoted() with { Report = Report(PromotionOutcome.Promoted, stages) };

        var violation = Assert.Single(PromotionInvariants.Check(result));

        Assert.Equal(PromotionInvariant.GateBeforeMove, violation.Invariant);
        Assert.Equal("backend", violation.Repo);
    }

    [Fact]
    public void A_move_for_a_repository_whose_health_was_never_polled_is_caught()
    {
        var stages = GatePassed("backend").Where(s => s.Name != StageNames.PollHealth).ToList();
        var result = Promoted() with { Report = Report(PromotionOutcome.Promoted, stages) };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.GateBeforeMove);
    }

    [Fact]
    public void A_bypass_audited_before_the_move_keeps_the_invariant()
    {
        var result = Bypassed(auditOrder: 5, moveOrder: 10);

        Assert.Empty(PromotionInvariants.Check(result));
    }

    [Fact]
    public void A_bypass_audited_after_the_move_is_caught()
    {
        var result = Bypassed(auditOrder: 11, moveOrder: 10);

        var violation = Assert.Single(PromotionInvariants.Check(result));

        Assert.Equal(PromotionInvariant.GateBeforeMove, violation.Invariant);
        Assert.Contains("before the bypass audit entry", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bypass_without_any_audit_entry_is_caught()
    {
        var result = Bypassed(auditOrder: 5, moveOrder: 10) with { World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], []) };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.GateBeforeMove);
    }

    [Fact]
    public void A_bypass_entry_of_another_run_does_not_count()
    {
        var foreign = new ObservedPost(PostKind.Comment, "c1", AuditEntry.Marker("other-run", "bypass") + "\n" + Tip, 5, true);
        var result = Bypassed(auditOrder: 5, moveOrder: 10) with { World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], [foreign]) };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.GateBeforeMove);
    }

    [Fact]
    public void A_comment_that_only_quotes_a_bypass_marker_is_no_audit_entry()
    {
        var quoting = new ObservedPost(PostKind.Comment, "c1", $"see {AuditEntry.Marker(RunId, AuditEntry.BypassKind)} {Tip}", 5, false);
        var result = Bypassed(auditOrder: 5, moveOrder: 10) with { World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], [quoting]) };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.GateBeforeMove);
    }

    [Fact]
    public void A_bypass_entry_that_does_not_record_the_pushed_commit_is_caught()
    {
        var result = Bypassed(auditOrder: 5, moveOrder: 10) with
        {
            World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], [BypassEntry(5, Next)]),
        };

        var violation = Assert.Single(PromotionInvariants.Check(result));

        Assert.Contains("does not record", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_report_the_progress_lines_of_a_killed_process_prove_the_gate()
    {
        var output = """
            12:00:01 ✓ resolve-shas (0.1s): resolved
            12:00:02 ✓ poll-health [backend] (0.2s): healthy
            12:00:02 ✓ verify-version [backend] (0.0s): at 333333333333
            12:00:03 ✓ run-checks:e2e (0.5s): exit 0
            """;
        var passed = Promoted() with { Report = null, ExitCode = null, StandardOutput = output };
        var failed = passed with { StandardOutput = output.Replace("✓ run-checks:e2e", "✗ run-checks:e2e", StringComparison.Ordinal) };

        Assert.Empty(PromotionInvariants.Check(passed));
        Assert.Contains(PromotionInvariants.Check(failed), v => v.Invariant == PromotionInvariant.GateBeforeMove);
    }

    // ---------------- fast-forward only ----------------

    [Fact]
    public void A_move_to_a_commit_that_does_not_descend_is_caught()
    {
        var result = Promoted() with { World = new([Repo("backend", Next, Side, Move(Next, Side, 10)) with { TargetSha = Side }], []) };

        var violation = Assert.Single(PromotionInvariants.Check(result));

        Assert.Equal(PromotionInvariant.FastForwardOnly, violation.Invariant);
    }

    [Fact]
    public void A_recorded_rollback_may_move_backwards()
    {
        var result = RolledBack(rollbackTo: Base);

        Assert.Empty(PromotionInvariants.Check(result));
    }

    [Fact]
    public void A_rollback_to_somewhere_other_than_where_the_run_started_is_caught()
    {
        var result = RolledBack(rollbackTo: Next) with
        {
            World = new([Repo("backend", Base, Next, Move(Base, Tip, 10), Move(Tip, Next, 12))], []),
        };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.FastForwardOnly);
    }

    [Fact]
    public void A_backwards_move_that_the_report_does_not_record_as_a_rollback_is_caught()
    {
        var result = RolledBack(rollbackTo: Base) with
        {
            Report = Report(PromotionOutcome.Blocked, GatePassed("backend"), [RepoReport("backend", Base, Base, RepoStatus.Failed)]),
        };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.FastForwardOnly);
    }

    [Fact]
    public void Moves_the_test_made_itself_are_not_judged()
    {
        var result = Promoted() with
        {
            ExitCode = 1,
            Report = Report(PromotionOutcome.Blocked, [Stage(StageNames.PushProd, "backend", StageStatus.Failed)]),
            World = new([Repo("backend", Base, Side, Move(Base, Side, byProduct: false))], []),
        };

        Assert.Empty(PromotionInvariants.Check(result));
    }

    // ---------------- consistent end ----------------

    [Fact]
    public void A_half_promotion_with_exit_1_is_caught()
    {
        var result = TwoRepos(exitCode: 1, reportedAfter: (Tip, Base));

        var violation = Assert.Single(PromotionInvariants.Check(result));

        Assert.Equal(PromotionInvariant.ConsistentEnd, violation.Invariant);
        Assert.Contains("not 3", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_says_blocked_while_its_push_landed_is_caught()
    {
        // One repository, moved by the run, yet the report tells a clean block.
        var result = Promoted() with
        {
            ExitCode = 1,
            Report = Report(PromotionOutcome.Blocked, GatePassed("backend"), [RepoReport("backend", Base, Base, RepoStatus.Failed)]),
            World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], []),
        };

        var violation = Assert.Single(PromotionInvariants.Check(result), v => v.Message.Contains("moved", StringComparison.Ordinal));

        Assert.Equal(PromotionInvariant.ConsistentEnd, violation.Invariant);
        Assert.Contains("but backend moved", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_with_exit_3_and_a_report_that_names_each_branch_keeps_the_invariant()
    {
        Assert.Empty(PromotionInvariants.Check(TwoRepos(exitCode: 3, reportedAfter: (Tip, Base))));
    }

    [Fact]
    public void A_split_whose_report_names_the_wrong_commit_is_caught()
    {
        var violation = Assert.Single(PromotionInvariants.Check(TwoRepos(exitCode: 3, reportedAfter: (Tip, Tip))));

        Assert.Equal(PromotionInvariant.ConsistentEnd, violation.Invariant);
        Assert.Equal("metadata", violation.Repo);
    }

    [Fact]
    public void A_split_without_a_report_is_caught()
    {
        var result = TwoRepos(exitCode: 3, reportedAfter: (Tip, Base)) with { Report = null, StandardOutput = GateLines("backend", "metadata") };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.ConsistentEnd);
    }

    [Fact]
    public void A_branch_moved_by_someone_else_counts_as_untouched_by_the_run()
    {
        var result = Promoted() with
        {
            ExitCode = 1,
            Report = Report(PromotionOutcome.Blocked, GatePassed("backend")),
            World = new([Repo("backend", Base, Next, Move(Base, Next, byProduct: false))], []),
        };

        Assert.Empty(PromotionInvariants.Check(result));
    }

    // ---------------- no token leak ----------------

    public static TheoryData<string> LeakPlaces => new() { "stdout", "stderr", "report", "summary", "post", "exception", "github-output" };

    [Theory]
    [MemberData(nameof(LeakPlaces))]
    public void A_token_value_anywhere_is_caught_and_the_message_names_only_the_variable(string place)
    {
        var leaked = $"token={Token}";
        var clean = Promoted();
        var result = place switch
        {
            "stdout" => clean with { StandardOutput = leaked },
            "stderr" => clean with { StandardError = leaked },
            "report" => clean with { Report = clean.Report! with { Message = leaked } },
            "summary" => clean with { Summary = leaked },
            "post" => clean with { World = clean.World with { Posts = [new(PostKind.Comment, "c1", leaked, 1, true)] } },
            "exception" => clean with { ExceptionMessages = [leaked] },
            _ => clean with { OtherOutputs = new Dictionary<string, string> { ["GITHUB_OUTPUT"] = leaked } },
        };

        var violations = PromotionInvariants.Check(result);

        var violation = Assert.Single(violations, v => v.Invariant == PromotionInvariant.NoTokenLeak);
        Assert.Contains("GITHUB_TOKEN", violation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, violation.ToString(), StringComparison.Ordinal);
        var thrown = Assert.Throws<InvariantViolationException>(() => PromotionInvariants.AssertHolds(result));
        Assert.DoesNotContain(Token, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_an_actions_mask_command_may_carry_a_token_on_stdout()
    {
        var masked = Promoted() with { StandardOutput = $"::add-mask::{Token}\nresolving" };
        var mentioned = Promoted() with { StandardOutput = $"::add-mask::{Token}\nusing {Token}" };

        Assert.Empty(PromotionInvariants.Check(masked));
        Assert.Contains(PromotionInvariants.Check(mentioned), v => v.Invariant == PromotionInvariant.NoTokenLeak);
    }

    [Fact]
    public void A_token_in_the_report_json_file_is_caught()
    {
        var result = Promoted() with { Report = null, ReportJson = ReportJson.Serialize(Promoted().Report! with { Trigger = Token }) };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.NoTokenLeak && v.Message.Contains("the report", StringComparison.Ordinal));
    }

    // ---------------- no duplicate post ----------------

    [Fact]
    public void Two_audit_comments_with_the_same_run_marker_are_caught()
    {
        var result = Bypassed(auditOrder: 5, moveOrder: 10) with
        {
            World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], [BypassEntry(5, Tip), BypassEntry(7, Tip)]),
        };

        var violation = Assert.Single(PromotionInvariants.Check(result));

        Assert.Equal(PromotionInvariant.NoDuplicatePost, violation.Invariant);
    }

    [Fact]
    public void Entries_of_different_runs_or_kinds_are_not_duplicates()
    {
        var rollback = new ObservedPost(PostKind.Comment, "c9", AuditEntry.Marker(RunId, "rollback"), 20, true);
        var otherRun = new ObservedPost(PostKind.Comment, "c8", AuditEntry.Marker("run-43", "bypass"), 21, true);
        var result = Bypassed(auditOrder: 5, moveOrder: 10) with
        {
            World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], [BypassEntry(5, Tip), rollback, otherRun]),
        };

        Assert.Empty(PromotionInvariants.Check(result));
    }

    [Fact]
    public void A_comment_quoting_an_entrys_marker_is_not_a_duplicate_of_it()
    {
        var quoting = new ObservedPost(PostKind.Comment, "c2", $"as recorded in {AuditEntry.Marker(RunId, AuditEntry.BypassKind)}", 6, true);
        var result = Bypassed(auditOrder: 5, moveOrder: 10) with
        {
            World = new([Repo("backend", Base, Tip, Move(Base, Tip, 10))], [BypassEntry(5, Tip), quoting]),
        };

        Assert.Empty(PromotionInvariants.Check(result));
    }

    // ---------------- dry run ----------------

    [Fact]
    public void A_dry_run_that_moves_a_branch_is_caught()
    {
        var result = Promoted() with { Report = Promoted().Report! with { Outcome = PromotionOutcome.DryRun, DryRun = true } };

        Assert.Contains(PromotionInvariants.Check(result), v => v.Invariant == PromotionInvariant.DryRunWritesNothing);
    }

    [Fact]
    public void A_dry_run_that_posts_is_caught()
    {
        var result = Promoted() with
        {
            Report = Promoted().Report! with { Outcome = PromotionOutcome.DryRun, DryRun = true },
            World = new([Repo("backend", Base, Base)], [new(PostKind.Comment, "c1", "entry", 3, New: true)]),
        };

        var violation = Assert.Single(PromotionInvariants.Check(result));

        Assert.Equal(PromotionInvariant.DryRunWritesNothing, violation.Invariant);
    }

    // ---------------- AssertHolds ----------------

    [Fact]
    public void AssertHolds_lists_every_violation_and_skips_the_excepted_ones()
    {
        var result = TwoRepos(exitCode: 1, reportedAfter: (Tip, Base)) with { StandardError = Token };

        var thrown = Assert.Throws<InvariantViolationException>(() => PromotionInvariants.AssertHolds(result));
        Assert.Equal(2, thrown.Violations.Count);
        Assert.Contains("ConsistentEnd", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("NoTokenLeak", thrown.Message, StringComparison.Ordinal);

        var remaining = Assert.Throws<InvariantViolationException>(() => PromotionInvariants.AssertHolds(result, PromotionInvariant.ConsistentEnd));
        Assert.Equal(PromotionInvariant.NoTokenLeak, Assert.Single(remaining.Violations).Invariant);
        PromotionInvariants.AssertHolds(result, PromotionInvariant.ConsistentEnd, PromotionInvariant.NoTokenLeak);
    }

    // ---------------- scenarios ----------------

    private static PromotionScenarioResult Bypassed(long auditOrder, long moveOrder)
    {
        List<StageReport> stages =
        [
            Stage(StageNames.PollHealth, null, StageStatus.Skipped),
            Stage(StageNames.VerifyVersion, null, StageStatus.Skipped),
            Stage(StageNames.RunChecks, null, StageStatus.Skipped),
            Stage(StageNames.LogBypass, null, StageStatus.Passed),
            Stage(StageNames.PushProd, "backend", StageStatus.Passed),
        ];
        return Promoted() with
        {
            Report = Report(PromotionOutcome.Promoted, stages, [RepoReport("backend", Base, Tip, RepoStatus.Advanced)]),
            World = new([Repo("backend", Base, Tip, Move(Base, Tip, moveOrder))], [BypassEntry(auditOrder, Tip)]),
        };
    }

    private static PromotionScenarioResult RolledBack(string rollbackTo) => Promoted() with
    {
        ExitCode = 1,
        Report = Report(
            PromotionOutcome.RolledBack,
            [.. GatePassed("backend"), Stage(StageNames.Rollback, "backend", StageStatus.Passed)],
            [RepoReport("backend", Base, Base, RepoStatus.RolledBack)]),
        World = new([Repo("backend", Base, rollbackTo, Move(Base, Tip, 10), Move(Tip, rollbackTo, 12) with { Forced = true })], []),
    };

    private static PromotionScenarioResult TwoRepos(int exitCode, (string Backend, string Metadata) reportedAfter) => Promoted() with
    {
        ExitCode = exitCode,
        Report = Report(
            exitCode == 3 ? PromotionOutcome.Split : PromotionOutcome.Blocked,
            GatePassed("backend", "metadata"),
            [
                RepoReport("backend", Base, reportedAfter.Backend, RepoStatus.Advanced),
                RepoReport("metadata", Base, reportedAfter.Metadata, RepoStatus.Failed),
            ]),
        World = new(
            [Repo("backend", Base, Tip, Move(Base, Tip, 10)), Repo("metadata", Base, Base)],
            []),
    };

    private static string GateLines(params string[] repos) => string.Join('\n',
        repos.SelectMany(r => new[] { $"12:00:00 ✓ poll-health [{r}] (0.1s): ok", $"12:00:00 ✓ verify-version [{r}] (0.1s): ok" })
            .Append("12:00:00 ✓ run-checks (0.0s): no checks configured"));
}
