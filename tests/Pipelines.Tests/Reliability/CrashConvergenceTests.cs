using Pipelines.Promotion;
using Pipelines.Promotion.Audit;
using Pipelines.Testing.Cli;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Invariants;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// The real CLI, killed with SIGKILL at a sweep of points through a two-repository promotion (the
/// emulator kills it when the chosen request arrives, then applies the request or drops it), then
/// run again with the same run id, as a re-run of the workflow would. The second run always
/// converges to both prod branches at their targets, with no second audit entry.
/// </summary>
public sealed class CrashConvergenceTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    /// <param name="Lands">Whether the request the process is killed on is applied (its answer never arrives).</param>
    /// <param name="RefuseSecondPushOnce">The second push is refused once, so the first run rolls back.</param>
    public sealed record KillPoint(string Name, bool Bypass, GitHubCall Call, string Repo, bool Force, bool Lands, bool RefuseSecondPushOnce = false)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<string> Points => [.. Sweep.Select(p => p.Name)];

    private static readonly KillPoint[] Sweep =
    [
        new("before the first push", false, GitHubCalls.UpdateRef, "acme/backend", Force: false, Lands: false),
        new("between the pushes: the first landed", false, GitHubCalls.UpdateRef, "acme/backend", Force: false, Lands: true),
        new("between the pushes: the second not landed", false, GitHubCalls.UpdateRef, "acme/metadata", Force: false, Lands: false),
        new("after the pushes", false, GitHubCalls.UpdateRef, "acme/metadata", Force: false, Lands: true),
        // A rollback is GraphQL updateRefs (a compare-and-swap), selected by the repository's node id.
        new("during rollback: not landed", false, GitHubCalls.UpdateRefs, "acme/backend", Force: true, Lands: false, RefuseSecondPushOnce: true),
        new("during rollback: landed", false, GitHubCalls.UpdateRefs, "acme/backend", Force: true, Lands: true, RefuseSecondPushOnce: true),
        new("bypass: the audit entry landed", true, GitHubCalls.CreateComment, "acme/ops", Force: false, Lands: true),
        new("bypass: between the pushes", true, GitHubCalls.UpdateRef, "acme/backend", Force: false, Lands: true),
    ];

    [Theory]
    [MemberData(nameof(Points))]
    public async Task A_run_killed_at_any_point_converges_on_the_next_run(string point)
    {
        var kill = Sweep.Single(p => p.Name == point);
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        var targets = (world["backend"].Emulated.Branch("main"), world["metadata"].Emulated.Branch("main"));
        var arguments = kill.Bypass
            ? PromoteArguments.Bypass("incident 7: ship the fix now", runId: "run-crash-1")
            : PromoteArguments.Gate("run-crash-1");
        if (kill.RefuseSecondPushOnce)
        {
            world.GitHub.Faults.Add(GitHubCalls.UpdateRef.Fault()
                .When(r => r.Path.StartsWith("/repos/acme/metadata/", StringComparison.Ordinal))
                .Status(422, "Update is not a fast forward").Once());
        }

        CliProcess? victim = null;
        var killer = world.GitHub.Faults.Add(Killing(kill, world.GitHub.Repository(kill.Repo).NodeId, () => victim));

        PromotionScenarioResult first;
        await using (var run = CliPromote.Start(world, arguments))
        {
            victim = run.Process;
            first = await run.FinishAsync(ProcessTimeout);
        }

        Assert.True(killer.Hits == 1, $"the kill point was never reached:\n{first.StandardOutput}\n{first.StandardError}");
        Assert.Null(first.ExitCode);
        if (kill.Force && kill.Lands)
        {
            // Killed after the rollback's write landed but before the run could record it: the only
            // trace the run leaves is the rollback it announced before writing.
            Assert.Contains("… rollback [backend]", first.StandardOutput, StringComparison.Ordinal);
            PromotionInvariants.AssertHolds(first, PromotionInvariant.ConsistentEnd, PromotionInvariant.FastForwardOnly);
        }
        else
        {
            // Killed mid-run, it may be half-promoted; everything else must hold.
            PromotionInvariants.AssertHolds(first, PromotionInvariant.ConsistentEnd);
        }

        PromotionScenarioResult second;
        await using (var rerun = CliPromote.Start(world, arguments))
        {
            second = await rerun.FinishAsync(ProcessTimeout);
        }

        var context = $"{point}\n--- first ---\n{first.StandardOutput}\n--- second ---\n{second.StandardOutput}\n{second.StandardError}";
        Assert.True(second.ExitCode == 0, context);
        Assert.Contains(second.EffectiveReport!.Outcome, new[] { PromotionOutcome.Promoted, PromotionOutcome.Noop });
        Assert.Equal(targets, (world["backend"].Emulated.Branch("prod"), world["metadata"].Emulated.Branch("prod")));
        PromotionInvariants.AssertHolds(second);
        var auditEntries = world.TrackerComments.Count(c => c.Body.Contains(AuditEntry.Marker(arguments.RunId, AuditEntry.BypassKind), StringComparison.Ordinal));
        Assert.True(auditEntries == (kill.Bypass ? 1 : 0), $"{auditEntries} bypass entries: {context}");
    }

    /// <summary>Kills the process the moment the chosen request arrives, then lets it land or drops it.</summary>
    private static Fault Killing(KillPoint kill, string repoNodeId, Func<CliProcess?> victim)
    {
        var fired = 0;
        var fault = kill.Call.Fault().When(request =>
        {
            var chosen = kill.Call == GitHubCalls.UpdateRefs
                ? request.Body.Contains(repoNodeId, StringComparison.Ordinal)
                : request.Path.StartsWith($"/repos/{kill.Repo}/", StringComparison.Ordinal)
                    && (kill.Call != GitHubCalls.UpdateRef || request.Body.Contains($"\"force\":{(kill.Force ? "true" : "false")}", StringComparison.Ordinal));
            if (!chosen || Interlocked.Exchange(ref fired, 1) == 1)
            {
                return false;
            }

            victim()?.Kill();
            return true;
        });
        return kill.Lands ? fault.ResetAfterApply() : fault.ResetBeforeApply();
    }
}
