using System.Text.RegularExpressions;
using Pipelines.Promotion;

namespace Pipelines.Testing.Invariants;

/// <summary>
/// One stage result as the invariants see it: from the report when there is one, otherwise from
/// the plain progress lines a killed process left on stdout (<c>HH:mm:ss ✓ stage [repo] (1.0s): detail</c>).
/// </summary>
internal sealed partial record StageEvidence(string Name, string? Repo, StageStatus Status)
{
    public static IReadOnlyList<StageEvidence> From(PromotionScenarioResult result)
    {
        if (result.EffectiveReport is { } report)
        {
            return report.Stages.Select(s => new StageEvidence(s.Name, s.Repo, s.Status)).ToList();
        }

        return FinishedLine().Matches(result.StandardOutput)
            .Select(m => new StageEvidence(
                m.Groups["name"].Value,
                m.Groups["repo"].Success ? m.Groups["repo"].Value : null,
                m.Groups["mark"].Value switch { "✓" => StageStatus.Passed, "✗" => StageStatus.Failed, _ => StageStatus.Skipped }))
            .ToList();
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d (?<mark>[✓✗-]) (?<name>[a-z][a-z-]*(?::[^\s\[]+)?)(?: \[(?<repo>[^\]]+)\])? \(", RegexOptions.Multiline)]
    private static partial Regex FinishedLine();
}
