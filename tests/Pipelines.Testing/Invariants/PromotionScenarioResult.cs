using Pipelines.Promotion;
using Pipelines.Reporting;

namespace Pipelines.Testing.Invariants;

/// <summary>
/// Everything a promotion run produced that the invariants speak about: the exit code, the report
/// (object, JSON, or both), every piece of captured text, the token values that must never show,
/// and the observed state of the host. Works the same for an in-process run and a CLI process
/// (give <see cref="ReportJson"/> read from the <c>--report</c> file).
/// </summary>
public sealed record PromotionScenarioResult
{
    /// <summary>The process or command exit code; null when the process was killed.</summary>
    public int? ExitCode { get; init; }

    public PromotionReport? Report { get; init; }

    /// <summary>The report as written with <c>--report</c>; parsed when <see cref="Report"/> is null.</summary>
    public string? ReportJson { get; init; }

    public string StandardOutput { get; init; } = string.Empty;

    public string StandardError { get; init; } = string.Empty;

    /// <summary>The Markdown summary (<c>--summary</c> or <c>$GITHUB_STEP_SUMMARY</c>), if any.</summary>
    public string? Summary { get; init; }

    /// <summary>Any other text the run wrote (<c>$GITHUB_OUTPUT</c>, step summary...), by a name used in messages.</summary>
    public IReadOnlyDictionary<string, string> OtherOutputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Messages of exceptions that escaped the run (in-process runs).</summary>
    public IReadOnlyList<string> ExceptionMessages { get; init; } = [];

    /// <summary>Token values the run was given; none may appear in any text above or in a post.</summary>
    public IReadOnlyList<Security.Secret> Secrets { get; init; } = [];

    public ObservedWorld World { get; init; } = ObservedWorld.Empty;

    /// <summary>The report object, parsed from <see cref="ReportJson"/> when needed; null when there is none or it does not parse.</summary>
    public PromotionReport? EffectiveReport
    {
        get
        {
            if (Report is not null || string.IsNullOrWhiteSpace(ReportJson))
            {
                return Report;
            }

            try
            {
                return Reporting.ReportJson.Deserialize(ReportJson);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>The report as JSON text (what a user would see in the file).</summary>
    public string? EffectiveReportJson => ReportJson ?? (Report is null ? null : Reporting.ReportJson.Serialize(Report));
}
