using Pipelines.GitHub;
using Pipelines.Promotion;
using Pipelines.Promotion.Audit;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Runs one promote cell of the fault matrix: the real <c>pipelines promote</c> composition
/// against the emulator with the fault injected once on the selected request, then asserts the
/// cell's handling and end, and every promotion invariant.
/// </summary>
internal static class PromoteFaultCell
{
    private static readonly Lazy<Task> WarmUp = new(async () =>
    {
        // The first promotion in a process pays for JIT and connection set-up, which on a loaded
        // machine can exceed the short request timeout the cells use.
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        await InProcessPromote.RunAsync(world, PromoteArguments.Gate(), MatrixClient.For("none"));
    });

    public static async Task RunAsync(string rowName, string fault)
    {
        await WarmUp.Value;
        var row = FaultMatrix.PromoteRow(rowName);
        var cell = row.Cells[FaultMatrix.Column(fault)];
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability.Seeding(row.Scenario switch
        {
            PromoteScenario.SeedSecond => "metadata",
            PromoteScenario.RollbackOfSeed => "backend",
            _ => null,
        }));
        var targets = (Backend: world["backend"].Emulated.Branch("main"), Metadata: world["metadata"].Emulated.Branch("main"));
        var originals = (Backend: world["backend"].Emulated.Branch("prod"), Metadata: world["metadata"].Emulated.Branch("prod"));
        var lostThenReadsFail = fault == FaultMatrix.LostThenReadsFail;
        var injected = world.GitHub.Faults.Add(
            (lostThenReadsFail ? row.Call.Fault().ResetAfterApply() : StandardFaults.For(row.Call, fault, hangFor: TimeSpan.FromSeconds(10)))
            .When(row.Select).Skip(row.Skip).Once());
        if (lostThenReadsFail)
        {
            // From the moment the write landed with its answer lost, no read gets through.
            world.GitHub.Faults.Add(Fault.On("GET", "/**").When(_ => injected.Hits > 0).Status(503, "Service Unavailable"));
        }

        if (row.Scenario is PromoteScenario.Rollback or PromoteScenario.RollbackOfSeed)
        {
            // The second push is refused for good, so the first one is rolled back.
            world.GitHub.Faults.Add(GitHubCalls.UpdateRef.Fault()
                .When(r => r.Path.EndsWith("/acme/metadata/git/refs/heads/prod", StringComparison.Ordinal))
                .Status(422, "Update is not a fast forward"));
        }

        var arguments = row.Scenario == PromoteScenario.Bypass
            ? PromoteArguments.Bypass("incident 42: the checks are down, ship the fix")
            : PromoteArguments.Gate();

        var retries = new List<GitHubRetryNotice>();
        var result = await InProcessPromote.RunAsync(world, arguments, MatrixClient.For(fault, retries), reconcile: MatrixClient.Reconcile);

        var context = $"{row.Name} × {fault}\n{result.StandardOutput}\n{result.StandardError}";
        Assert.True(result.ExceptionMessages.Count == 0, $"{context}\n{string.Join("\n", result.ExceptionMessages)}");
        Assert.True(injected.Hits == 1, $"the fault never fired: {context}");
        var report = Assert.IsType<PromotionReport>(result.EffectiveReport);
        AssertEnd(cell.End, report, result, world, targets, originals, context);
        AssertHandling(row, cell, fault, report, world, lostThenReadsFail ? null : retries, context);
        if (row.Scenario == PromoteScenario.Bypass)
        {
            // Promoted: exactly one entry, posted before the pushes (the invariants check the order).
            // Blocked: the entry was never posted, so nothing was pushed.
            var entries = world.TrackerComments.Count(c => c.Body.Contains(AuditEntry.Marker(arguments.RunId, "bypass"), StringComparison.Ordinal));
            // Landed but unconfirmed: the entry is there, and the run still blocked before any push.
            var expected = cell.End == PromoteEnd.Promoted || cell.Handling == Handling.LandedUnconfirmed ? 1 : 0;
            Assert.True(entries == expected, $"{entries} audit entries: {context}");
        }

        PromotionInvariants.AssertHolds(result);
    }

    private static void AssertEnd(
        PromoteEnd end,
        PromotionReport report,
        PromotionScenarioResult result,
        GitHubWorld world,
        (string? Backend, string? Metadata) targets,
        (string? Backend, string? Metadata) originals,
        string context)
    {
        var (outcome, exit, expected) = end switch
        {
            PromoteEnd.Promoted => (PromotionOutcome.Promoted, 0, targets),
            PromoteEnd.Blocked => (PromotionOutcome.Blocked, 1, originals),
            PromoteEnd.RolledBack => (PromotionOutcome.RolledBack, 1, originals),
            _ => (PromotionOutcome.Split, 3, (Backend: (string?)null, Metadata: (string?)null)),
        };
        Assert.True(outcome == report.Outcome, $"expected {outcome}, was {report.Outcome}: {context}");
        Assert.Equal(exit, result.ExitCode);
        if (end != PromoteEnd.Split)
        {
            Assert.Equal(expected.Backend, world["backend"].Emulated.Branch("prod"));
            Assert.Equal(expected.Metadata, world["metadata"].Emulated.Branch("prod"));
        }
        else
        {
            // Left split: the report says exactly where each prod points.
            // Where a write's fate is unknown the report says so instead (the invariants check it names both places).
            foreach (var (name, repo) in new[] { ("backend", world["backend"].Emulated), ("metadata", world["metadata"].Emulated) })
            {
                var reported = report.Repos.Single(r => r.Name == name);
                if (reported.Status != RepoStatus.Unknown)
                {
                    Assert.Equal(repo.Branch("prod"), reported.AfterSha);
                }
            }

            Assert.Contains("SPLIT", report.Message, StringComparison.Ordinal);
        }
    }

    /// <param name="retries">Null when the column makes reads fail on purpose (they are retried, then give up).</param>
    private static void AssertHandling(PromoteRow row, PromoteCell cell, string fault, PromotionReport report, GitHubWorld world, List<GitHubRetryNotice>? retries, string context)
    {
        // Only the injected fault causes a retry, and only a read is ever retried.
        var caused = retries is null ? [] : MatrixClient.Snapshot(retries);
        if (retries is not null)
        {
            Assert.True(caused.Count == (cell.Handling == Handling.Retried ? 1 : 0), $"{caused.Count} retries ({string.Join(" | ", retries)}): {context}");
        }

        var selected = world.GitHub.Requests.Matching(row.Call.Method, row.Call.PathPattern).Where(row.Select).ToList();
        var faulted = selected[row.Skip];
        var failures = report.Stages.Where(s => s.Name == row.Stage && s.Status == StageStatus.Failed).ToList();
        var message = cell.Message ?? FaultMatrix.DefaultMessage(fault);
        switch (cell.Handling)
        {
            case Handling.Retried:
                // The same request again, and it worked: nothing failed at that stage.
                Assert.Equal("GET", faulted.Method);
                Assert.Contains(caused, r => r.FailedAttempt == 1);
                Assert.True(world.GitHub.Requests.All.Count(r => r.Sequence > faulted.Sequence && r.Path == faulted.Path && r.Query == faulted.Query) >= 1, $"not sent again: {context}");
                Assert.True(failures.Count == 0, $"failed after the retry: {context}");
                break;
            case Handling.FailedFast:
                AssertFailureSays(failures, message, context);
                break;
            case Handling.ReadAsAbsent:
                AssertFailureSays(report.Stages.Where(s => s.Status == StageStatus.Failed).ToList(), message, context);
                break;
            case Handling.NotLanded:
                Assert.False(faulted.Applied, context);
                Assert.True(selected.Count(r => r.Path == faulted.Path && r.Body == faulted.Body) == 1, $"a write was sent again: {context}");
                AssertFailureSays(failures, message, context);
                break;
            case Handling.Reconciled:
                Assert.True(faulted.Applied, context);
                Assert.True(selected.Count(r => r.Path == faulted.Path && r.Body == faulted.Body) == 1, $"a write was sent again: {context}");
                Assert.True(failures.Count == 0, $"a landed write counted as failed: {context}");
                if (row.Stage != StageNames.Rollback)
                {
                    Assert.Contains(report.Stages, s => s.Name == row.Stage && s.Detail.Contains("landed", StringComparison.Ordinal));
                }
                break;
            case Handling.LandedUnconfirmed:
                Assert.True(faulted.Applied, context);
                AssertFailureSays(failures, message, context);
                break;
            case Handling.ResentOnce:
                // Sent again only after a re-read showed it had not landed, and then it did.
                Assert.False(faulted.Applied, context);
                Assert.True(selected.Count(r => r.Path == faulted.Path && r.Body == faulted.Body) == 2, $"not sent exactly twice: {context}");
                Assert.True(failures.Count == 0, $"failed after the second attempt: {context}");
                break;
            case Handling.Unknown:
                Assert.True(faulted.Applied, context);
                Assert.True(selected.Count(r => r.Path == faulted.Path && r.Body == faulted.Body) == 1, $"a write was sent again blind: {context}");
                Assert.Contains(report.Repos, r => r.Status == RepoStatus.Unknown);
                AssertFailureSays(failures, message, context);
                break;
            case Handling.FellBack:
                Assert.True(failures.Count == 0, context);
                Assert.Contains(report.Stages, s => s.Name == row.Stage && s.Detail.Contains(message, StringComparison.Ordinal));
                break;
            case Handling.Unaffected:
                Assert.True(faulted.Applied, context);
                Assert.True(failures.Count == 0, context);
                break;
        }
    }

    private static void AssertFailureSays(IReadOnlyList<StageReport> failures, string message, string context) =>
        Assert.True(
            failures.Any(f => f.Detail.Contains(message, StringComparison.OrdinalIgnoreCase)),
            $"no failure saying '{message}' ({string.Join(" | ", failures.Select(f => f.Detail))}): {context}");
}
