using Pipelines.Promotion;
using Pipelines.Promotion.Audit;
using Pipelines.Security;
using Pipelines.Testing.Invariants;

namespace Pipelines.Tests.Integration.Invariants;

/// <summary>
/// Hand-made run results for testing the checker: a tiny commit graph per repository
/// (base ← next ← tip, and a side commit that diverges from base), reports with chosen stages.
/// </summary>
internal static class CraftedRuns
{
    public const string RunId = "run-42";
    public const string Token = "ghp_crafted_secret_value_1234567890";

    public static readonly string Base = Sha('1');
    public static readonly string Next = Sha('2');
    public static readonly string Tip = Sha('3');
    public static readonly string Side = Sha('9');

    private static readonly Dictionary<string, string[]> Parents = new()
    {
        [Base] = [],
        [Next] = [Base],
        [Tip] = [Next],
        [Side] = [Base],
    };

    public static Secret Secret { get; } = new("GITHUB_TOKEN", Token);

    public static string Sha(char c) => new(c, 40);

    public static bool IsAncestor(string ancestor, string descendant)
    {
        if (ancestor == descendant)
        {
            return true;
        }

        return Parents.TryGetValue(descendant, out var parents) && parents.Any(p => IsAncestor(ancestor, p));
    }

    public static ObservedRefMove Move(string? from, string? to, long? order = null, bool byProduct = true) =>
        new(from, to, Forced: false, byProduct, order);

    public static ObservedRepository Repo(string name, string? original, string? final, params ObservedRefMove[] moves) =>
        new(name, $"WXYC/{name}", "prod", original, Tip, final, moves, IsAncestor);

    public static ObservedPost BypassEntry(long? order, params string[] targets) =>
        new(PostKind.Comment, $"https://github.example/WXYC/tracker/issues/1#c{order}",
            AuditEntry.Marker(RunId, AuditEntry.BypassKind) + "\n" + string.Join("\n", targets), order, New: true);

    public static StageReport Stage(string name, string? repo, StageStatus status) => new(name, repo, status, 5, "detail", []);

    /// <summary>Every gate stage passed for these repositories.</summary>
    public static List<StageReport> GatePassed(params string[] repos) =>
    [
        Stage(StageNames.ResolveShas, null, StageStatus.Passed),
        .. repos.Select(r => Stage(StageNames.PollHealth, r, StageStatus.Passed)),
        .. repos.Select(r => Stage(StageNames.VerifyVersion, r, StageStatus.Passed)),
        Stage(StageNames.RunChecks + ":e2e", null, StageStatus.Passed),
        .. repos.Select(r => Stage(StageNames.PushProd, r, StageStatus.Passed)),
    ];

    public static PromotionReport Report(
        PromotionOutcome outcome,
        IEnumerable<StageReport> stages,
        IEnumerable<RepoReport>? repos = null,
        bool dryRun = false) =>
        new(outcome, outcome.ExitCode(), "crafted", dryRun, RunId, null, "octocat", null,
            DateTimeOffset.UnixEpoch, 10, null, (repos ?? []).ToList(), stages.ToList());

    public static RepoReport RepoReport(string name, string? before, string? after, RepoStatus status) =>
        new(name, $"WXYC/{name}", "main", "prod", Tip, before, after, status);

    /// <summary>A clean promotion of one repository: gate passed, prod fast-forwarded to the tip.</summary>
    public static PromotionScenarioResult Promoted() => new()
    {
        ExitCode = 0,
        Report = Report(PromotionOutcome.Promoted, GatePassed("backend"), [RepoReport("backend", Base, Tip, RepoStatus.Advanced)]),
        StandardOutput = "outcome: promoted (exit 0)",
        Summary = "| backend | prod | 111111111111 → 333333333333 | advanced |",
        Secrets = [Secret],
        World = new([Repo("backend", Base, Tip, Move(Base, Tip, order: 10))], []),
    };
}
