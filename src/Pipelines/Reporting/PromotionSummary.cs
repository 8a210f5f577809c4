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

        if (report.DryRun)
        {
            AppendDryRunRepos(md, report);
        }
        else
        {
            AppendRepos(md, report);
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

    private static void AppendRepos(StringBuilder md, PromotionReport report)
    {
        md.Append("| repo | branch | before | after | status |\n|---|---|---|---|---|\n");
        foreach (var repo in report.Repos)
        {
            md.Append("| ").Append(MarkdownText.Cell(repo.Name)).Append(' ').Append(MarkdownText.Code(repo.Repo))
                .Append(" | ").Append(MarkdownText.Code($"{repo.From} → {repo.To}"))
                .Append(" | ").Append(ShortSha(repo.BeforeSha, "(none)"))
                .Append(" | ").Append(ShortSha(repo.AfterSha, "(none)"))
                .Append(" | ").Append(Word(repo.Status)).Append(" |\n");
        }
    }

    /// <summary>
    /// A dry run is read to decide what to do next, so it shows full SHAs (to paste into git or
    /// compare with what a branch shows) and what each branch would become.
    /// </summary>
    private static void AppendDryRunRepos(StringBuilder md, PromotionReport report)
    {
        md.Append("| repo | branch | now | would become | plan |\n|---|---|---|---|---|\n");
        foreach (var repo in report.Repos)
        {
            md.Append("| ").Append(MarkdownText.Cell(repo.Name)).Append(' ').Append(MarkdownText.Code(repo.Repo))
                .Append(" | ").Append(MarkdownText.Code($"{repo.From} → {repo.To}"))
                .Append(" | ").Append(repo.BeforeSha is null ? "(no branch)" : MarkdownText.Code(repo.BeforeSha))
                .Append(" | ").Append(WouldBecome(repo) is { } sha ? MarkdownText.Code(sha) : "(unchanged)")
                .Append(" | ").Append(DryRunPlan(repo)).Append(" |\n");
        }
    }

    /// <summary>The full SHA a dry run would move the branch to; null when it would not move it.</summary>
    public static string? WouldBecome(RepoReport repo) =>
        repo.SourceSha is { } source && source != repo.BeforeSha ? source : null;

    /// <summary>What a dry run would do to one repository, in words.</summary>
    public static string DryRunPlan(RepoReport repo) => repo switch
    {
        { SourceSha: null } => "not resolved",
        _ when WouldBecome(repo) is null => "nothing to do",
        { BeforeSha: null } => "would seed",
        _ => "would advance",
    };

    private static void AppendSplit(StringBuilder md, PromotionReport report)
    {
        var unknown = report.Repos.Where(r => r.Status == RepoStatus.Unknown).ToList();
        md.Append("\n> [!CAUTION]\n> **Production ").Append(unknown.Count > 0 ? "may be split" : "is split")
            .Append(".** Some prod branches moved and others did not. Where each one points now:\n>\n");
        foreach (var repo in report.Repos)
        {
            md.Append("> - **").Append(MarkdownText.Cell(repo.Name)).Append("** ").Append(MarkdownText.Code($"{repo.Repo}:{repo.To}"))
                .Append(" → ").Append(repo.Status == RepoStatus.Unknown ? "?" : ShortSha(repo.AfterSha, "(missing)")).Append(": ").Append(SplitState(repo)).Append('\n');
        }

        foreach (var repo in unknown)
        {
            // A person needs the full SHA to compare against what the branch shows.
            md.Append(">\n> **Check ").Append(MarkdownText.Cell(repo.Name)).Append(" first**: ")
                .Append(MarkdownText.Code($"git ls-remote origin refs/heads/{repo.To}")).Append(" in a clone of ").Append(MarkdownText.Code(repo.Repo))
                .Append(". If it shows ").Append(MarkdownText.Code(repo.SourceSha ?? "(none)")).Append(" the push landed; if it shows ")
                .Append(MarkdownText.Code(repo.BeforeSha ?? "(no branch)")).Append(" it did not.\n");
        }

        md.Append(">\n> Repair it one of two ways:\n");
        md.Append("> 1. **Finish the promotion**: fix the cause above and run the promotion again. It resolves every branch afresh and fast-forwards only the ones still behind.\n");
        md.Append("> 2. **Undo it**: move each advanced branch back to its previous commit, for example\n");
        foreach (var repo in report.Repos.Where(r => r.Status is RepoStatus.Advanced or RepoStatus.Seeded or RepoStatus.Unknown))
        {
            var pushed = repo.Status == RepoStatus.Unknown ? repo.SourceSha : repo.AfterSha;
            md.Append(">    - ").Append(MarkdownText.Cell(repo.Name)).Append(repo.Status == RepoStatus.Unknown ? " (only if the check shows the push landed)" : string.Empty)
                .Append(": ").Append(MarkdownText.Code(repo.BeforeSha is null
                ? $"git push --force-with-lease={repo.To}:{pushed} origin :refs/heads/{repo.To}"
                : $"git push --force-with-lease={repo.To}:{pushed} origin {repo.BeforeSha}:refs/heads/{repo.To}")).Append('\n');
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
        RepoStatus.Superseded => "pushed by this run, then moved by someone else before the rollback; left where they put it",
        RepoStatus.Unknown => $"UNKNOWN: the push's answer was lost and the branch could not be read; it points at {ShortSha(repo.SourceSha, "(none)")} (this run's push) or still at {ShortSha(repo.BeforeSha, "(no branch)")}",
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
