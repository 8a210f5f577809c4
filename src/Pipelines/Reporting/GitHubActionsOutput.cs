using System.Text;
using Pipelines.Promotion;
using Pipelines.Security;

namespace Pipelines.Reporting;

/// <summary>
/// Writes step outputs (<c>$GITHUB_OUTPUT</c>) and the step summary. A failed write is an error:
/// a workflow that reads <c>outcome</c> must never see a stale or missing value.
/// </summary>
public static class GitHubActionsOutput
{
    public static IReadOnlyList<KeyValuePair<string, string>> PromotionOutputs(PromotionReport report)
    {
        var outputs = new List<KeyValuePair<string, string>> { new("outcome", PromotionSummary.Word(report.Outcome)) };
        foreach (var repo in report.Repos)
        {
            outputs.Add(new($"{repo.Name}_sha", repo.AfterSha ?? string.Empty));
            outputs.Add(new($"{repo.Name}_pushed", repo.Status is RepoStatus.Advanced or RepoStatus.Seeded ? "true" : "false"));
        }

        return outputs;
    }

    /// <summary>Appends <c>name=value</c> lines; values here are single-line by construction (SHAs, words).</summary>
    public static async Task AppendOutputsAsync(string path, IEnumerable<KeyValuePair<string, string>> outputs, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            if (value.Contains('\n') || value.Contains('\r') || name.Contains('='))
            {
                throw new ArgumentException($"output '{name}' is not a single-line name=value pair");
            }

            text.Append(name).Append('=').Append(value).Append('\n');
        }

        await File.AppendAllTextAsync(path, text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    public static Task AppendSummaryAsync(string path, string markdown, CancellationToken cancellationToken) =>
        File.AppendAllTextAsync(path, markdown.EndsWith('\n') ? markdown : markdown + "\n", cancellationToken);

    /// <summary>
    /// Workflow commands that make the runner mask each value in every later log line. The runner
    /// matches log lines one at a time, so a multi-line value is masked line by line, with its
    /// base64 and JSON-escaped forms (<see cref="SecretForms"/>).
    /// </summary>
    public static IEnumerable<string> MaskCommands(IEnumerable<string> secretValues) =>
        secretValues.SelectMany(SecretForms.SingleLine).Distinct(StringComparer.Ordinal).Select(v => $"::add-mask::{EscapeData(v)}");

    // The command's data is unescaped by the runner (%25, %0D, %0A), as actions/toolkit's
    // escapeData in packages/core/src/command.ts escapes it; unescaped, a value holding "%0A"
    // would register a different mask than itself.
    private static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
}
