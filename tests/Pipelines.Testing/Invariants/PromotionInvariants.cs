using System.Text;
using System.Text.RegularExpressions;
using Pipelines.Promotion;

namespace Pipelines.Testing.Invariants;

/// <summary>
/// The promotion invariants (issue 5 item 2) checked over a finished run: the host's final state
/// and ref history, the report and every piece of output. Usable after an in-process run, a CLI
/// process, or a killed process (with no report, stage results are read from the plain progress
/// lines on stdout). Messages never contain a secret value.
/// </summary>
public static partial class PromotionInvariants
{
    private const string Rollback = StageNames.Rollback;

    /// <summary>Every violated invariant; empty when the run kept them all.</summary>
    public static IReadOnlyList<InvariantViolation> Check(PromotionScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stages = StageEvidence.From(result);
        var violations = new List<InvariantViolation>();
        violations.AddRange(CheckGateBeforeMove(result, stages));
        violations.AddRange(CheckFastForwardOnly(result, stages));
        violations.AddRange(CheckConsistentEnd(result));
        violations.AddRange(CheckNoTokenLeak(result));
        violations.AddRange(CheckNoDuplicatePost(result));
        violations.AddRange(CheckDryRunWritesNothing(result));
        return violations;
    }

    /// <summary>Throws <see cref="InvariantViolationException"/> listing every violation.</summary>
    /// <param name="except">Invariants the caller knows cannot hold at this point (e.g. a consistent end after a killed run).</param>
    public static void AssertHolds(PromotionScenarioResult result, params PromotionInvariant[] except)
    {
        var violations = Check(result).Where(v => !except.Contains(v.Invariant)).ToList();
        if (violations.Count > 0)
        {
            throw new InvariantViolationException(violations);
        }
    }

    // ---------------- 1. gate before move ----------------

    private static IEnumerable<InvariantViolation> CheckGateBeforeMove(PromotionScenarioResult result, IReadOnlyList<StageEvidence> stages)
    {
        var runId = result.EffectiveReport?.RunId;
        foreach (var repo in result.World.Repositories)
        {
            var first = repo.ProductMoves.FirstOrDefault();
            if (first is null || GatePassed(stages, repo.Name))
            {
                continue;
            }

            var bypassEntries = result.World.Posts.Where(p => IsBypassEntry(p, runId)).ToList();
            if (bypassEntries.Count == 0)
            {
                yield return new(PromotionInvariant.GateBeforeMove, repo.Name,
                    $"{repo.To} moved {Describe(first)} but the gate did not pass and no bypass audit entry exists");
                continue;
            }

            if (first.NewSha is not null && !bypassEntries.Any(p => p.Body.Contains(first.NewSha, StringComparison.Ordinal)))
            {
                yield return new(PromotionInvariant.GateBeforeMove, repo.Name,
                    $"{repo.To} moved {Describe(first)} under a bypass whose audit entry does not record {first.NewSha}");
            }

            if (first.Order is { } moved && bypassEntries.All(p => p.Order is { } posted && posted > moved))
            {
                yield return new(PromotionInvariant.GateBeforeMove, repo.Name,
                    $"{repo.To} moved {Describe(first)} (request #{moved}) before the bypass audit entry was posted (request #{bypassEntries.Min(p => p.Order)})");
            }
        }
    }

    private static bool GatePassed(IReadOnlyList<StageEvidence> stages, string repo)
    {
        var gate = stages.Where(s => IsGateStage(s.Name)).ToList();
        return gate.Count > 0
            && gate.All(s => s.Status == StageStatus.Passed)
            && gate.Any(s => s.Name == StageNames.PollHealth && s.Repo == repo)
            && gate.Any(s => s.Name == StageNames.VerifyVersion && s.Repo == repo)
            && gate.Any(s => s.Name.StartsWith(StageNames.RunChecks, StringComparison.Ordinal));
    }

    private static bool IsGateStage(string name) =>
        name is StageNames.PollHealth or StageNames.VerifyVersion or StageNames.RunChecks
        || name.StartsWith(StageNames.RunChecks + ":", StringComparison.Ordinal);

    private static bool IsBypassEntry(ObservedPost post, string? runId) =>
        FirstPromotionMarker(post.Body) is { } marker
        && marker.Groups["kind"].Value == Promotion.Audit.AuditEntry.BypassKind
        && (runId is null || marker.Groups["run"].Value == runId);

    // ---------------- 2. fast-forward only ----------------

    private static IEnumerable<InvariantViolation> CheckFastForwardOnly(PromotionScenarioResult result, IReadOnlyList<StageEvidence> stages)
    {
        var report = result.EffectiveReport;
        foreach (var repo in result.World.Repositories)
        {
            var recordedRollback =
                report?.Repos.Any(r => r.Name == repo.Name && r.Status == RepoStatus.RolledBack) == true
                || stages.Any(s => s.Name == Rollback && s.Repo == repo.Name && s.Status == StageStatus.Passed)
                // A rollback write whose answer was lost: the report says its fate is unknown.
                || (report?.Repos.Any(r => r.Name == repo.Name && r.Status == RepoStatus.Unknown) == true
                    && stages.Any(s => s.Name == Rollback && s.Repo == repo.Name));
            ObservedRefMove? previous = null;
            foreach (var move in repo.ProductMoves)
            {
                var descends = move.OldSha is null
                    || (move.NewSha is not null && repo.IsAncestor(move.OldSha, move.NewSha));
                // A rollback puts the branch back exactly where this run's previous move took it from.
                var isRollback = recordedRollback && previous is not null
                    && move.OldSha == previous.NewSha && move.NewSha == previous.OldSha;
                if (!descends && !isRollback)
                {
                    yield return new(PromotionInvariant.FastForwardOnly, repo.Name,
                        $"{repo.To} moved {Describe(move)}, which does not descend from its previous value, and no rollback of it is recorded");
                }

                previous = move;
            }
        }
    }

    // ---------------- 3. consistent end ----------------

    private static IEnumerable<InvariantViolation> CheckConsistentEnd(PromotionScenarioResult result)
    {
        var repos = result.World.Repositories;
        if (repos.Count == 0
            || repos.All(r => r.FinalSha == r.TargetSha)
            || repos.All(r => r.FinalSha == r.UntouchedSha))
        {
            // Consistent, but never "blocked: nothing was pushed" when this run moved a prod.
            var moved = repos.Where(r => r.FinalSha != r.UntouchedSha).Select(r => r.Name).ToList();
            if (moved.Count > 0 && result.EffectiveReport is { } said
                && (said.Outcome == PromotionOutcome.Blocked || said.Message.Contains("nothing was pushed", StringComparison.Ordinal)))
            {
                yield return new(PromotionInvariant.ConsistentEnd, null,
                    $"the run says '{said.Outcome}: {said.Message}' but {string.Join(", ", moved)} moved");
            }

            yield break;
        }

        var state = string.Join("; ", repos.Select(r =>
            $"{r.Name} {r.To} at {Short(r.FinalSha)} (target {Short(r.TargetSha)}, untouched {Short(r.UntouchedSha)})"));
        if (result.ExitCode != 3)
        {
            yield return new(PromotionInvariant.ConsistentEnd, null,
                $"repositories are half-promoted but the exit code is {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (killed)"}, not 3: {state}");
            yield break;
        }

        var report = result.EffectiveReport;
        if (report is null)
        {
            yield return new(PromotionInvariant.ConsistentEnd, null, $"split (exit 3) but there is no report naming where each branch points: {state}");
            yield break;
        }

        foreach (var repo in repos)
        {
            var reported = report.Repos.FirstOrDefault(r => r.Name == repo.Name);
            if (reported is null)
            {
                yield return new(PromotionInvariant.ConsistentEnd, repo.Name, "split (exit 3) but the report does not list this repository");
            }
            else if (reported.Status == RepoStatus.Unknown)
            {
                // Unknown is honest only if the report names both places the branch may be.
                if (repo.FinalSha != reported.SourceSha && repo.FinalSha != reported.BeforeSha)
                {
                    yield return new(PromotionInvariant.ConsistentEnd, repo.Name,
                        $"split (exit 3) with {repo.To} reported unknown between {Short(reported.BeforeSha)} and {Short(reported.SourceSha)}, but it is at {Short(repo.FinalSha)}");
                }
            }
            else if (reported.AfterSha != repo.FinalSha)
            {
                yield return new(PromotionInvariant.ConsistentEnd, repo.Name,
                    $"split (exit 3) and the report says {repo.To} is at {Short(reported.AfterSha)} but it is at {Short(repo.FinalSha)}");
            }
        }
    }

    // ---------------- 4. no token leak ----------------

    private static IEnumerable<InvariantViolation> CheckNoTokenLeak(PromotionScenarioResult result)
    {
        var texts = new List<(string Where, string? Text)>
        {
            ("stdout", WithoutMaskCommands(result.StandardOutput)),
            ("stderr", result.StandardError),
            // The fields as well as the JSON: JSON escaping could hide a value with '+' or '<' in it.
            ("the report", result.EffectiveReportJson + "\n" + ReportText(result.EffectiveReport)),
            ("the summary", result.Summary),
        };
        texts.AddRange(result.OtherOutputs.Select(o => (o.Key, (string?)o.Value)));
        texts.AddRange(result.ExceptionMessages.Select((m, i) => ($"exception message {i + 1}", (string?)m)));
        texts.AddRange(result.World.Posts.Select(p => ($"{p.Kind} {p.Location}", (string?)p.Body)));

        foreach (var secret in result.Secrets.Where(s => !s.IsEmpty).DistinctBy(s => s.Reveal()))
        {
            var value = secret.Reveal();
            foreach (var (where, text) in texts)
            {
                if (text is not null && text.Contains(value, StringComparison.Ordinal))
                {
                    // The name only: a checker that printed the value would be the leak.
                    yield return new(PromotionInvariant.NoTokenLeak, null, $"the value of {secret.Name} appears in {where}");
                }
            }
        }
    }

    // "::add-mask::VALUE" is how a value is handed to the Actions runner to mask; it must carry the value.
    private static string WithoutMaskCommands(string output) => MaskCommand().Replace(output, string.Empty);

    [GeneratedRegex(@"^::add-mask::.*$", RegexOptions.Multiline)]
    private static partial Regex MaskCommand();

    private static string? ReportText(PromotionReport? report)
    {
        if (report is null)
        {
            return null;
        }

        var text = new StringBuilder()
            .AppendLine(report.Message).AppendLine(report.Trigger).AppendLine(report.Actor).AppendLine(report.RunId)
            .AppendLine(report.Bypass?.Justification).AppendLine(report.Bypass?.Actor).AppendLine(report.Bypass?.AuditLocation);
        foreach (var stage in report.Stages)
        {
            text.AppendLine(stage.Detail);
            foreach (var line in stage.Output)
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    // ---------------- 5. no duplicate post ----------------

    private static IEnumerable<InvariantViolation> CheckNoDuplicatePost(PromotionScenarioResult result)
    {
        var duplicates = result.World.Posts
            .Select(p => (Post: p, Marker: FirstMarker(p.Body)))
            .Where(x => x.Marker is not null)
            .GroupBy(x => (x.Post.Kind, x.Marker))
            .Where(g => g.Count() > 1);
        foreach (var group in duplicates)
        {
            yield return new(PromotionInvariant.NoDuplicatePost, null,
                $"{group.Count()} {group.Key.Kind} posts carry the run marker {group.Key.Marker}: {string.Join(", ", group.Select(x => x.Post.Location))}");
        }
    }

    // ---------------- dry run ----------------

    private static IEnumerable<InvariantViolation> CheckDryRunWritesNothing(PromotionScenarioResult result)
    {
        if (result.EffectiveReport is not { DryRun: true })
        {
            yield break;
        }

        foreach (var repo in result.World.Repositories)
        {
            foreach (var move in repo.ProductMoves)
            {
                yield return new(PromotionInvariant.DryRunWritesNothing, repo.Name, $"a dry run moved {repo.To} {Describe(move)}");
            }
        }

        foreach (var post in result.World.Posts.Where(p => p.New))
        {
            yield return new(PromotionInvariant.DryRunWritesNothing, null, $"a dry run posted {post.Kind} {post.Location}");
        }
    }

    // ---------------- helpers ----------------

    // Anchored: an entry starts with its own marker; one quoted further down (a justification,
    // someone's comment) proves nothing.
    [GeneratedRegex(@"\A\s*<!-- pipelines-run: (?<run>\S+) (?<kind>\S+) -->")]
    private static partial Regex PromotionMarker();

    [GeneratedRegex(@"\A\s*<!-- (?:pipelines-run|live-deploy-run): [^\n]*? -->")]
    private static partial Regex AnyMarker();

    private static Match? FirstPromotionMarker(string body) => PromotionMarker().Match(body) is { Success: true } m ? m : null;

    private static string? FirstMarker(string body) => AnyMarker().Match(body) is { Success: true } m ? m.Value.Trim() : null;

    private static string Describe(ObservedRefMove move) => $"{Short(move.OldSha)} -> {Short(move.NewSha)}";

    private static string Short(string? sha) => sha is null ? "(none)" : CommitSha.Short(sha);
}
