using System.Text;
using Pipelines.Configuration;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Reporting;

namespace Pipelines.LiveDeploy.Reporting;

/// <summary>The Markdown summary (<c>--summary</c> and <c>$GITHUB_STEP_SUMMARY</c>): one row per plugin, then each red's evidence.</summary>
public static class LiveDeploySummary
{
    public static string Render(LiveDeployReport report)
    {
        var text = new StringBuilder();
        var title = report.DryRun ? "live-deploy (dry run)" : "live-deploy";
        text.Append($"## {title}: run {MarkdownText.Cell(report.RunId)}\n\n");
        text.Append($"wfctl: {(report.WfctlVersion is null ? "unknown" : MarkdownText.Code(report.WfctlVersion))}");
        if (report.RunUrl is not null)
        {
            text.Append(" · ").Append(MarkdownText.Link("run", report.RunUrl.AbsoluteUri));
        }

        text.Append($" · exit {report.ExitCode}\n\n");
        if (report.Cancelled)
        {
            text.Append("**Cancelled**: validations that had started were torn down; nothing was counted.\n\n");
        }

        text.Append("| plugin | verdict | depth | commit | attempts | duration | status before | action |\n");
        text.Append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var row in report.Plugins)
        {
            text.Append($"| {MarkdownText.Cell(row.Plugin)} | {Verdict(row.Verdict)} | {Depth(row.Depth)} | {(row.Commit is null ? "" : MarkdownText.Code(row.Commit[..Math.Min(12, row.Commit.Length)]))} ");
            text.Append($"| {row.Attempts} | {row.DurationMs / 1000.0:0.#}s | {MarkdownText.Cell(row.StatusBefore)} | {Action(row)} |\n");
        }

        var notValidated = report.Plugins.Where(r => r.Verdict == Validation.Verdict.NotValidated).ToList();
        if (notValidated.Count > 0)
        {
            // Its own section: which plugins the matrix cannot cover, and why. None of them changes a status.
            text.Append("\n### Not validated\n\nThese plugins could not be exercised for a reason that is not a regression of the plugin; nothing was promoted, demoted or counted.\n\n");
            foreach (var row in notValidated)
            {
                text.Append($"- **{MarkdownText.Cell(row.Plugin)}**{(row.Evidence?.Version is { } version ? " " + MarkdownText.Code(version) : "")}: {MarkdownText.Cell(row.Reason?.Replace("not validated: ", "", StringComparison.Ordinal))}\n");
            }
        }

        foreach (var row in report.Plugins.Where(r => r.Verdict is not Validation.Verdict.NotValidated && (r.Verdict != Validation.Verdict.Green || r.PolicyError is not null || r.Writes.Count > 0 || r.Retry is not null || r.Evidence is not null)))
        {
            text.Append($"\n### {MarkdownText.Cell(row.Plugin)}\n\n");
            if (row.Reason is not null)
            {
                text.Append(MarkdownText.Cell(row.Reason)).Append("\n\n");
            }

            if (row.LeakedTag is not null)
            {
                text.Append($"**Leaked**: teardown did not finish; find what is left by the tag {MarkdownText.Code(row.LeakedTag)} and run {MarkdownText.Code($"wfctl infra cleanup --tag {row.LeakedTag} --fix")}.\n\n");
            }

            AppendEvidence(text, row.Evidence);
            AppendFailure(text, "failed", row.Failure);
            AppendFailure(text, "teardown failed", row.TeardownFailure);
            if (row.Retry is not null)
            {
                text.Append(MarkdownText.Cell(row.Retry)).Append("\n\n");
            }

            foreach (var write in row.Writes)
            {
                text.Append("- ").Append(MarkdownText.Cell(write)).Append('\n');
            }

            if (row.PolicyError is not null)
            {
                text.Append($"\n**Status update failed**: {MarkdownText.Cell(row.PolicyError)}\n");
            }
        }

        return text.ToString();
    }

    private static void AppendEvidence(StringBuilder text, ValidationEvidence? evidence)
    {
        if (evidence is null)
        {
            return;
        }

        text.Append(MarkdownText.Cell(EvidenceText.Line(evidence))).Append("\n\n");
        foreach (var note in evidence.Notes)
        {
            text.Append("- ").Append(MarkdownText.Cell(note)).Append('\n');
        }

        if (evidence.Notes.Count > 0)
        {
            text.Append('\n');
        }
    }

    private static void AppendFailure(StringBuilder text, string label, CommandFailure? failure)
    {
        if (failure is null)
        {
            return;
        }

        text.Append($"{label}: {MarkdownText.Code(failure.Command)} ({MarkdownText.Cell(failure.Termination)})\n\n");
        if (failure.OutputTail.Count > 0)
        {
            text.Append(PolicyMessages.Fenced(failure.OutputTail)).Append('\n');
        }
    }

    private static string Verdict(Verdict verdict) => verdict switch
    {
        Validation.Verdict.Green => "✅ green",
        Validation.Verdict.Leaked => "🚨 leaked",
        Validation.Verdict.NotValidated => "⚪ not-validated",
        _ => "❌ red",
    };

    private static string Depth(ValidationDepth depth) => depth == ValidationDepth.Plan ? "plan" : "apply";

    private static string Action(PluginReport row)
    {
        var word = ActionWord(row.Action);
        return MarkdownText.Link(word, row.Url);
    }

    public static string ActionWord(ReportAction action) => action switch
    {
        ReportAction.PromotePr => "promote-pr",
        ReportAction.DemotePr => "demote-pr",
        ReportAction.IssueOpened => "issue-opened",
        ReportAction.IssueCommented => "issue-commented",
        ReportAction.IssueClosed => "issue-closed",
        _ => "none",
    };
}
