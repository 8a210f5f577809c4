using System.Globalization;
using System.Text;
using Pipelines.Promotion;
using Pipelines.Promotion.Audit;

namespace Pipelines.Reporting;

/// <summary>The Markdown a person reads at a glance: repos old→new, stages, bypass and split notes.</summary>
public static class PromotionSummary
{
    public static string Render(PromotionReport report)
    {
        var md = new StringBuilder();
        md.Append("## ").Append(Icon(report.Outcome)).Append(" Promotion: ").Append(Word(report.Outcome)).Append("\n\n");
        md.Append(MarkdownText.Cell(report.Message)).Append("\n\n");
        md.Append("Run ").Append(MarkdownText.Code(report.RunId));
        if (report.RunUrl is { } url)
        {
            md.Append(" · ").Append(MarkdownText.Autolink(url.AbsoluteUri));
        }

        md.Append(" · ").Append(Seconds(report.DurationMs)).Append("\n\n");

        md.Append("| repo | branch | before | after | status |\n|---|---|---|---|---|\n");
        foreach (var repo in report.Repos)
        {
            md.Append("| ").Append(MarkdownText.Cell(repo.Name)).Append(' ').Append(MarkdownText.Code(repo.Repo))
                .Append(" | ").Append(MarkdownText.Code($"{repo.From} → {repo.To}"))
                .Append(" | ").Append(ShortSha(repo.BeforeSha, "(none)"))
                .Append(" | ").Append(ShortSha(repo.AfterSha, "(none)"))
                .Append(" | ").Append(Word(repo.Status)).Append(" |\n");
        }

        if (report.Bypass is { } bypass)
        {
            md.Append("\n> [!WARNING]\n> **Gate bypassed** by ").Append(MarkdownText.Code(bypass.Actor ?? "unknown"))
                .Append(": health, version and checks were skipped. Audit entry: ")
                .Append(bypass.AuditLocation is null ? "(not posted)" : MarkdownText.Autolink(bypass.AuditLocation)).Append("\n\n");
            md.Append("Justification:\n\n");
            var justification = AuditEntry.Sanitize(bypass.Justification);
            var fence = AuditEntry.FenceFor(justification);
            md.Append(fence).Append("text\n").Append(justification).Append('\n').Append(fence).Append('\n');
        }

        if (report.Outcome == PromotionOutcome.Split)
        {
            AppendSplit(md, report);
        }

        md.Append("\n### Stages\n\n| stage | repo | status | time | detail |\n|---|---|---|---|---|\n");
        foreach (var stage in report.Stages)
        {
            md.Append("| ").Append(stage.Name)
                .Append(" | ").Append(MarkdownText.Cell(stage.Repo ?? ""))
                .Append(" | ").Append(Word(stage.Status))
                .Append(" | ").Append(Seconds(stage.DurationMs))
                .Append(" | ").Append(MarkdownText.Cell(stage.Detail)).Append(" |\n");
        }

        foreach (var stage in report.Stages.Where(s => s.Output.Count > 0))
        {
            var output = string.Join('\n', stage.Output.Select(AuditEntry.Sanitize));
            var fence = AuditEntry.FenceFor(output);
            md.Append("\n<details><summary>").Append(MarkdownText.Cell(stage.Name)).Append(": last ")
                .Append(stage.Output.Count.ToString(CultureInfo.InvariantCulture)).Append(" lines</summary>\n\n")
                .Append(fence).Append("text\n").Append(output).Append('\n').Append(fence).Append("\n\n</details>\n");
        }

        return md.ToString();
    }

    private static void AppendSplit(StringBuilder md, PromotionReport report)
    {
        md.Append("\n> [!CAUTION]\n> **Production is split.** Some prod branches moved and others did not. Where each one points now:\n>\n");
        foreach (var repo in report.Repos)
        {
            md.Append("> - **").Append(MarkdownText.Cell(repo.Name)).Append("** ").Append(MarkdownText.Code($"{repo.Repo}:{repo.To}"))
                .Append(" → ").Append(ShortSha(repo.AfterSha, "(missing)")).Append(": ").Append(SplitState(repo)).Append('\n');
        }

        md.Append(">\n> Repair it one of two ways:\n");
        md.Append("> 1. **Finish the promotion**: fix the cause above and run the promotion again. It resolves every branch afresh and fast-forwards only the ones still behind.\n");
        md.Append("> 2. **Undo it**: move each advanced branch back to its previous commit, for example\n");
        foreach (var repo in report.Repos.Where(r => r.Status is RepoStatus.Advanced or RepoStatus.Seeded))
        {
            md.Append(">    - ").Append(MarkdownText.Cell(repo.Name)).Append(": ").Append(MarkdownText.Code(repo.BeforeSha is null
                ? $"git push --force-with-lease={repo.To}:{repo.AfterSha} origin :refs/heads/{repo.To}"
                : $"git push --force-with-lease={repo.To}:{repo.AfterSha} origin {repo.BeforeSha}:refs/heads/{repo.To}")).Append('\n');
        }
    }

    private static string SplitState(RepoReport repo) => repo.Status switch
    {
        RepoStatus.Advanced => $"advanced by this run (was {ShortSha(repo.BeforeSha, "(none)")})",
        RepoStatus.Seeded => "created by this run",
        RepoStatus.Failed => "push failed, still at its previous commit",
        RepoStatus.Skipped => "not pushed, still at its previous commit",
        RepoStatus.RolledBack => "rolled back to its previous commit",
        RepoStatus.Unchanged => "unchanged (nothing to promote)",
        _ => "unknown",
    };

    private static string ShortSha(string? sha, string missing) => sha is null ? missing : MarkdownText.Code(CommitSha.Short(sha));

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private static string Icon(PromotionOutcome outcome) => outcome switch
    {
        PromotionOutcome.Promoted or PromotionOutcome.Noop or PromotionOutcome.Passed => "✅",
        PromotionOutcome.DryRun => "🧪",
        PromotionOutcome.Split => "🚨",
        _ => "⛔",
    };

    public static string Word<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
