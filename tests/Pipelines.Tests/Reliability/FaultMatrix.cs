using Pipelines.Promotion;
using Pipelines.Testing.GitHub;
using static Pipelines.Tests.Reliability.Handling;

namespace Pipelines.Tests.Reliability;

/// <summary>How the product treats one fault on one call (the words of the README's table).</summary>
public enum Handling
{
    /// <summary>A read: retried with backoff (GitHub's Retry-After / rate-limit reset first, capped), then it succeeded.</summary>
    Retried,

    /// <summary>An answer that will not change on retry: not retried; the status (or the reason) is in the message.</summary>
    FailedFast,

    /// <summary>A write that did not land: sent once, never blindly retried; the re-read shows it did not land.</summary>
    NotLanded,

    /// <summary>A write that landed but whose answer was lost or garbled: the re-read shows it landed, so it counts as done.</summary>
    Reconciled,

    /// <summary>A write that landed but whose answer was lost: reported as failed; the next run with the same run id finds it and writes nothing twice.</summary>
    LandedUnconfirmed,

    /// <summary>A 404 that the call reads as "absent" (a branch to seed, a manifest that is not there); the next check catches it.</summary>
    ReadAsAbsent,

    /// <summary>The call never reads the answer's body (a DELETE answers 204), so a garbled body changes nothing.</summary>
    Unaffected,

    /// <summary>A rollback write that did not land (or could not be sent): the branch is re-read, still shows this run's push, and the write is sent once more.</summary>
    ResentOnce,

    /// <summary>A write whose answer was lost, and every read since failed: the repository is reported unknown (split, exit 3), never "not pushed".</summary>
    Unknown,

    /// <summary>The token's identity could not be learned: the marker search counts any author's entry, as before, and the record says so.</summary>
    FellBack,
}

/// <summary>How a promotion ends under the fault.</summary>
public enum PromoteEnd
{
    /// <summary>Exit 0: both prod branches at their targets.</summary>
    Promoted,

    /// <summary>Exit 1: nothing pushed (or nothing left moved), no audit entry beyond what preceded the failure.</summary>
    Blocked,

    /// <summary>Exit 1: the first push landed, the second failed, the first was moved back.</summary>
    RolledBack,

    /// <summary>Exit 3: the rollback itself failed, or a write's fate is unknown; the report names where each prod points (or both places it may).</summary>
    Split,
}

/// <summary>How a live-deploy status update ends under the fault.</summary>
public enum LiveDeployEnd
{
    /// <summary>The first run made its change (exit as the verdict says, no status-update error).</summary>
    Done,

    /// <summary>The first run reports "status update failed" (exit 1); a re-run with the same run id completes it with no duplicate.</summary>
    Converged,

    /// <summary>The first run changes nothing (it read the manifest as absent); a re-run makes the change.</summary>
    Deferred,
}

/// <summary>The promotion a cell runs.</summary>
public enum PromoteScenario
{
    /// <summary>Both repositories fast-forward through the full gate.</summary>
    Gate,

    /// <summary>--skip-gate with a justification: the audit entry is posted before any push.</summary>
    Bypass,

    /// <summary>metadata has no prod branch: the gate creates it (second push).</summary>
    SeedSecond,

    /// <summary>metadata's push is refused (422), so backend's push is rolled back (a forced update).</summary>
    Rollback,

    /// <summary>backend has no prod branch and metadata's push is refused: the seeded backend prod is deleted again.</summary>
    RollbackOfSeed,
}

/// <summary>The live-deploy decision a cell runs (plugin aws).</summary>
public enum LiveDeployScenario
{
    /// <summary>Green, status experimental: branch from base, edit the manifest, open a pull request to verified.</summary>
    Promote,

    /// <summary>As <see cref="Promote"/> with a stale branch left by a closed pull request: it is force-reset to base first.</summary>
    PromoteOverLeftoverBranch,

    /// <summary>Red, status verified, no open issue: open an investigation issue.</summary>
    OpenIssue,

    /// <summary>Green, status verified, an investigation issue open from an earlier red: comment on it and close it.</summary>
    CloseIssue,
}

public sealed record PromoteCell(Handling Handling, PromoteEnd End, string? Message = null);

public sealed record LiveDeployCell(Handling Handling, LiveDeployEnd End, string? Message = null);

/// <summary>One call, reached in one scenario, and what each standard fault on it leads to.</summary>
/// <param name="Select">Which of the call's requests gets the fault (the first matching one, once).</param>
/// <param name="Stage">The stage whose record reports the failure.</param>
/// <param name="Skip">How many selected requests pass before the faulted one.</param>
public sealed record PromoteRow(string Name, PromoteScenario Scenario, string Stage, GitHubCall Call, Func<RecordedRequest, bool> Select, int Skip, PromoteCell[] Cells);

public sealed record LiveDeployRow(string Name, LiveDeployScenario Scenario, GitHubCall Call, Func<RecordedRequest, bool> Select, LiveDeployCell[] Cells);

/// <summary>
/// The reliability fault matrix: every GitHub call the product makes × every fault of
/// <see cref="StandardFaults.Names"/>, each injected once on the selected request, with the
/// expected outcome. Columns follow <see cref="StandardFaults.Names"/>:
/// 500, 502, 503, 429+Retry-After, 403+rate-limit, 403 permission, 401, 404, 422, hang, reset
/// before apply, reset after apply, malformed JSON, 200/201 of another shape; a write row has
/// one more: <see cref="LostThenReadsFail"/>.
/// </summary>
public static class FaultMatrix
{
    public static IReadOnlyList<string> Faults => StandardFaults.Names;

    /// <summary>
    /// The write lands, its connection drops before the answer, and from then on every read fails
    /// (503): the case where a gate could tell "nothing was pushed" while a prod moved.
    /// </summary>
    public const string LostThenReadsFail = "lost-then-reads-fail";

    /// <summary>The columns of a row: the standard faults, and for a write the lost-then-reads-fail one.</summary>
    public static IReadOnlyList<string> Columns(GitHubCall call) => call.IsWrite ? [.. StandardFaults.Names, LostThenReadsFail] : StandardFaults.Names;

    // ---- promote cells ----
    private static readonly PromoteCell RetriedPromoted = new(Retried, PromoteEnd.Promoted);
    private static readonly PromoteCell FailedBlocked = new(FailedFast, PromoteEnd.Blocked);
    private static readonly PromoteCell NotLandedBlocked = new(NotLanded, PromoteEnd.Blocked);
    private static readonly PromoteCell NotLandedRolledBack = new(NotLanded, PromoteEnd.RolledBack);
    private static readonly PromoteCell NotLandedSplit = new(NotLanded, PromoteEnd.Split);
    private static readonly PromoteCell ReconciledPromoted = new(Reconciled, PromoteEnd.Promoted);
    private static readonly PromoteCell ReconciledRolledBack = new(Reconciled, PromoteEnd.RolledBack);

    // A 404 on a prod branch reads as "seed it"; the re-read just before the push sees the branch
    // and stops the gate as "moved by someone else": nothing is written.
    private static readonly PromoteCell AbsentThenBlocked = new(ReadAsAbsent, PromoteEnd.Blocked, "moved");

    // A failed rollback record does not undo the rollback: the report says the record failed.
    private static readonly PromoteCell RecordFailedRolledBack = new(NotLanded, PromoteEnd.RolledBack);
    private static readonly PromoteCell RecordLandedRolledBack = new(LandedUnconfirmed, PromoteEnd.RolledBack);

    // The lost-then-reads-fail column.
    private static readonly PromoteCell UnknownSplit = new(Unknown, PromoteEnd.Split, "UNKNOWN");
    private static readonly PromoteCell LandedBlocked = new(LandedUnconfirmed, PromoteEnd.Blocked);

    // A failed rollback write is re-read and sent once more; the fault is injected once.
    private static readonly PromoteCell ResentRolledBack = new(ResentOnce, PromoteEnd.RolledBack);
    private static readonly PromoteCell RetriedRolledBack = new(Retried, PromoteEnd.RolledBack);
    private static readonly PromoteCell FellBackRolledBack = new(FellBack, PromoteEnd.RolledBack, "warning");

    private static bool On(RecordedRequest request, string repo, string branch) =>
        request.Path.EndsWith($"/repos/{repo}/git/ref/heads/{branch}", StringComparison.Ordinal)
        || request.Path.EndsWith($"/repos/{repo}/git/refs/heads/{branch}", StringComparison.Ordinal);

    private static bool Any(RecordedRequest request) => true;

    private const string Backend = "acme/backend";
    private const string Metadata = "acme/metadata";

    public static IReadOnlyList<PromoteRow> Promote { get; } =
    [
        // Cells in the order of StandardFaults.Names: 500, 502, 503, 429 + Retry-After, 403 rate limit, 403 permission,
        // 401, 404, 422, hang, reset before apply, reset after apply, malformed JSON, another shape.
        new("resolve: read prod", PromoteScenario.Gate, StageNames.ResolveShas, GitHubCalls.GetBranch, r => On(r, Backend, "prod"), 0,
            [RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked, AbsentThenBlocked, FailedBlocked, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked]),
        new("resolve: read main", PromoteScenario.Gate, StageNames.ResolveShas, GitHubCalls.GetBranch, r => On(r, Metadata, "main"), 0,
            [RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked, new(FailedFast, PromoteEnd.Blocked, "not found"), FailedBlocked, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked]),
        new("ancestry: compare", PromoteScenario.Gate, StageNames.CheckAncestry, GitHubCalls.Compare, Any, 0,
            [RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked, FailedBlocked, FailedBlocked, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked]),
        new("push: re-read prod just before", PromoteScenario.Gate, StageNames.PushProd, GitHubCalls.GetBranch, r => On(r, Backend, "prod"), 1,
            [RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked, AbsentThenBlocked, FailedBlocked, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked]),
        new("push: update the first prod", PromoteScenario.Gate, StageNames.PushProd, GitHubCalls.UpdateRef, r => On(r, Backend, "prod"), 0,
            [NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, ReconciledPromoted, ReconciledPromoted, ReconciledPromoted, UnknownSplit]),
        new("push: update the second prod", PromoteScenario.Gate, StageNames.PushProd, GitHubCalls.UpdateRef, r => On(r, Metadata, "prod"), 0,
            [NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, ReconciledPromoted, ReconciledPromoted, ReconciledPromoted, UnknownSplit]),
        new("push: create a seeded prod", PromoteScenario.SeedSecond, StageNames.PushProd, GitHubCalls.CreateRef, Any, 0,
            [NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, NotLandedRolledBack, ReconciledPromoted, ReconciledPromoted, ReconciledPromoted, UnknownSplit]),
        // A rollback is a compare-and-swap through GraphQL updateRefs; a failed one is re-read and sent once more.
        new("rollback: move prod back", PromoteScenario.Rollback, StageNames.Rollback, GitHubCalls.UpdateRefs, Any, 0,
            [ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ReconciledRolledBack, ReconciledRolledBack, ReconciledRolledBack, UnknownSplit]),
        new("rollback: delete a seeded prod", PromoteScenario.RollbackOfSeed, StageNames.Rollback, GitHubCalls.UpdateRefs, Any, 0,
            [ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ReconciledRolledBack, ReconciledRolledBack, ReconciledRolledBack, UnknownSplit]),
        // The node id updateRefs needs, read once, on the first rollback write. A lookup that fails
        // for good fails that write, which the rollback re-reads and sends once more.
        new("rollback: look up the repository id", PromoteScenario.Rollback, StageNames.Rollback, GitHubCalls.GetRepository, Any, 0,
            [RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, ResentRolledBack, RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, ResentRolledBack, ResentRolledBack]),
        // The rollback record's marker search needs the token's identity; without it the search counts any author.
        new("rollback: learn the token's identity", PromoteScenario.Rollback, "log-rollback", GitHubCalls.GetUser, Any, 0,
            [RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, FellBackRolledBack, FellBackRolledBack, FellBackRolledBack, FellBackRolledBack, RetriedRolledBack, RetriedRolledBack, RetriedRolledBack, FellBackRolledBack, FellBackRolledBack]),
        new("bypass: look for this run's entry", PromoteScenario.Bypass, StageNames.LogBypass, GitHubCalls.ListComments, Any, 0,
            [RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked, FailedBlocked, FailedBlocked, RetriedPromoted, RetriedPromoted, RetriedPromoted, FailedBlocked, FailedBlocked]),
        new("bypass: post the audit entry", PromoteScenario.Bypass, StageNames.LogBypass, GitHubCalls.CreateComment, Any, 0,
            [NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, NotLandedBlocked, ReconciledPromoted, ReconciledPromoted, ReconciledPromoted, LandedBlocked]),
        new("rollback: record it on the tracker", PromoteScenario.Rollback, "log-rollback", GitHubCalls.CreateComment, Any, 0,
            [RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordFailedRolledBack, RecordLandedRolledBack, RecordLandedRolledBack, RecordLandedRolledBack, RecordLandedRolledBack]),
    ];

    // ---- live-deploy cells ----
    private static readonly LiveDeployCell RetriedDone = new(Retried, LiveDeployEnd.Done);
    private static readonly LiveDeployCell FailedConverged = new(FailedFast, LiveDeployEnd.Converged);
    private static readonly LiveDeployCell NotLandedConverged = new(NotLanded, LiveDeployEnd.Converged);
    private static readonly LiveDeployCell LandedConverged = new(LandedUnconfirmed, LiveDeployEnd.Converged);

    private static LiveDeployCell[] ReadCells(LiveDeployCell on404) =>
        [RetriedDone, RetriedDone, RetriedDone, RetriedDone, RetriedDone, FailedConverged, FailedConverged, on404, FailedConverged, RetriedDone, RetriedDone, RetriedDone, FailedConverged, FailedConverged];

    private static LiveDeployCell[] WriteCells() =>
        [NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, NotLandedConverged, LandedConverged, LandedConverged, LandedConverged];

    private const string Registry = "acme/registry";

    public static IReadOnlyList<LiveDeployRow> LiveDeploy { get; } =
    [
        // Reads of the state the policy decides on, then the reads inside a status change.
        new("read the manifest", LiveDeployScenario.Promote, GitHubCalls.GetFile, Any, ReadCells(new(ReadAsAbsent, LiveDeployEnd.Deferred))),
        new("find the open investigation issue", LiveDeployScenario.Promote, GitHubCalls.ListIssues, Any, ReadCells(FailedConverged)),
        new("read the issue's comments", LiveDeployScenario.CloseIssue, GitHubCalls.ListComments, Any, ReadCells(FailedConverged)),
        new("find this tool's open pull requests", LiveDeployScenario.Promote, GitHubCalls.ListPulls, Any, ReadCells(FailedConverged)),
        new("read the base branch head", LiveDeployScenario.Promote, GitHubCalls.GetBranch, r => r.Path.EndsWith("/heads/main", StringComparison.Ordinal), ReadCells(FailedConverged)),

        // Writes: never blindly retried; the next run with the same run id finds what landed.
        new("create the status branch", LiveDeployScenario.Promote, GitHubCalls.CreateRef, Any, WriteCells()),
        new("reset a leftover status branch", LiveDeployScenario.PromoteOverLeftoverBranch, GitHubCalls.UpdateRef, Any, WriteCells()),
        new("edit the manifest", LiveDeployScenario.Promote, GitHubCalls.UpdateFile, Any, WriteCells()),
        new("open the pull request", LiveDeployScenario.Promote, GitHubCalls.CreatePull, Any, WriteCells()),
        new("open the investigation issue", LiveDeployScenario.OpenIssue, GitHubCalls.CreateIssue, Any, WriteCells()),
        new("comment on the issue", LiveDeployScenario.CloseIssue, GitHubCalls.CreateComment, Any, WriteCells()),
        new("close the issue", LiveDeployScenario.CloseIssue, GitHubCalls.CloseIssue, Any, WriteCells()),
    ];

    /// <summary>The registry repository of the live-deploy scenarios.</summary>
    public static string LiveDeployRegistry => Registry;

    public static TheoryData<string, string> PromoteCells(Func<PromoteRow, bool> rows) => Cells(Promote.Where(rows).Select(r => (r.Name, Columns(r.Call))));

    // The lost-then-reads-fail column is promote's: live-deploy converges on a re-run, whatever it could read.
    public static TheoryData<string, string> LiveDeployCells(Func<LiveDeployRow, bool> rows) => Cells(LiveDeploy.Where(rows).Select(r => (r.Name, Faults)));

    public static PromoteRow PromoteRow(string name) => Promote.Single(r => r.Name == name);

    public static LiveDeployRow LiveDeployRow(string name) => LiveDeploy.Single(r => r.Name == name);

    public static int Column(string fault) => Faults.Append(LostThenReadsFail).ToList().IndexOf(fault) is >= 0 and var i ? i : throw new ArgumentOutOfRangeException(nameof(fault), fault, null);

    /// <summary>What the message of a failure caused by <paramref name="fault"/> must say.</summary>
    public static string DefaultMessage(string fault) => fault switch
    {
        "429-retry-after" => "HTTP 429",
        "403-rate-limit" => "rate limit",
        "403-permission" => "HTTP 403",
        "hang" => "timed out",
        "reset-before-apply" or "reset-after-apply" or LostThenReadsFail => "network error",
        "malformed-json" => "JSON",
        "wrong-shape" => "unexpected",
        _ => "HTTP " + fault,
    };

    private static TheoryData<string, string> Cells(IEnumerable<(string Row, IReadOnlyList<string> Columns)> rows)
    {
        var data = new TheoryData<string, string>();
        foreach (var (row, columns) in rows)
        {
            foreach (var fault in columns)
            {
                data.Add(row, fault);
            }
        }

        return data;
    }
}
