using System.Globalization;
using System.Text;
using Pipelines.Configuration;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.LiveDeploy.Policy;

/// <summary>
/// The texts of issues, comments and pull requests. Each carries the run marker; command output
/// sits inside a code fence longer than any backtick run in it, so nothing in it can become a
/// link, a heading or a mention.
/// </summary>
public static class PolicyMessages
{
    public static string IssueTitle(string plugin) => $"live-deploy: {plugin} fails live validation";

    public static string IssueBody(PolicyContext context)
    {
        var text = new StringBuilder();
        text.Append(context.Marker(RecordedResult.Red).Render()).Append("\n\n");
        text.Append($"The live validation of **{context.Plugin}** is {Word(context.Verdict)} in {RunLink(context)}.\n\n");
        AppendEvidence(text, context);
        text.Append($"\nWhile the plugin is `verified`, {context.DemoteAfter} consecutive red runs open a pull request demoting it to `experimental`; ");
        text.Append("a green run closes this issue.\n");
        return text.ToString();
    }

    public static string Comment(PolicyContext context, CommentPurpose purpose, string? pullRequestUrl)
    {
        var text = new StringBuilder();
        var result = purpose == CommentPurpose.Resolved ? RecordedResult.Green : RecordedResult.Red;
        text.Append(context.Marker(result).Render()).Append("\n\n");
        switch (purpose)
        {
            case CommentPurpose.Resolved:
                text.Append($"Green again in {RunLink(context)}{CommitText(context)}. Closing.\n");
                break;
            case CommentPurpose.DemotionOpened:
                text.Append($"Red again in {RunLink(context)}: {context.DemoteAfter} consecutive reds. ");
                text.Append(pullRequestUrl is null ? "A demotion pull request to `experimental` is open.\n\n" : $"Demotion pull request to `experimental`: {pullRequestUrl}\n\n");
                AppendEvidence(text, context);
                break;
            default:
                text.Append($"Still {Word(context.Verdict)} in {RunLink(context)}.\n\n");
                AppendEvidence(text, context);
                break;
        }

        return text.ToString();
    }

    public static string PullRequestTitle(string plugin, PluginStatus target) =>
        target == PluginStatus.Verified ? $"{plugin}: promote to verified" : $"{plugin}: demote to {target.Word()}";

    public static string PullRequestBody(PolicyContext context, PluginStatus target, string? issueUrl)
    {
        var text = new StringBuilder();
        text.Append(context.Marker(context.Result).Render()).Append("\n\n");
        if (target == PluginStatus.Verified)
        {
            text.Append($"**{context.Plugin}** passed live validation (`depth: {Depth(context.Depth)}`, env `{context.Env}`) in {RunLink(context)}{CommitText(context)}, ");
            text.Append("so its status changes from `experimental` to `verified`. Only the manifest's `status` changes.\n");
            if (context.Evidence is { } evidence)
            {
                // What the green rests on: the release that ran, under which wfctl, and what it did.
                text.Append("\nEvidence:\n\n");
                AppendEvidenceLines(text, evidence);
            }
        }
        else
        {
            text.Append($"**{context.Plugin}** failed live validation in {context.DemoteAfter} consecutive runs, the latest {RunLink(context)}{CommitText(context)}, ");
            text.Append($"so its status changes from `verified` to `{target.Word()}`. Only the manifest's `status` changes.\n");
            if (issueUrl is not null)
            {
                text.Append($"\nInvestigation: {issueUrl}\n");
            }

            text.Append('\n');
            AppendEvidence(text, context);
        }

        return text.ToString();
    }

    public static string ClosePullRequestComment(PolicyContext context, PluginStatus target) =>
        $"{context.Marker(context.Result).Render()}\n\nClosing: {RunLink(context)} is {Word(context.Verdict)}, which contradicts setting the status to `{target.Word()}`.\n";

    public static string CommitMessage(string plugin, PluginStatus target) => $"live-deploy: set {plugin} status to {target.Word()}";

    private static void AppendEvidence(StringBuilder text, PolicyContext context)
    {
        text.Append($"- commit: {(context.Commit is null ? "unknown" : "`" + context.Commit + "`")}\n");
        text.Append($"- depth: `{Depth(context.Depth)}`, env `{context.Env}`\n");
        text.Append($"- verdict: **{Word(context.Verdict)}**\n");
        if (context.Evidence is { } evidence)
        {
            AppendEvidenceLines(text, evidence);
        }
        if (context.LeakedTag is not null)
        {
            text.Append($"- resources may be left behind: find them by the tag `{context.LeakedTag}` (`wfctl infra cleanup --tag {context.LeakedTag} --fix`)\n");
        }

        AppendFailure(text, "failing command", context.Failure);
        AppendFailure(text, "teardown", context.TeardownFailure);
    }

    private static void AppendEvidenceLines(StringBuilder text, ValidationEvidence evidence)
    {
        text.Append($"- plugin version: {CodeSpan(evidence.Version ?? "unknown")}{(evidence.Ref is null ? "" : $" (example at {CodeSpan(evidence.Ref)})")}\n");
        text.Append($"- release tarball sha256: {(evidence.TarballSha256 is null ? "not installed by live-deploy" : CodeSpan(evidence.TarballSha256))}\n");
        text.Append($"- wfctl: {CodeSpan(evidence.WfctlVersion ?? "unknown")}\n");
        text.Append(CultureInfo.InvariantCulture, $"- resources: planned {evidence.Planned?.ToString(CultureInfo.InvariantCulture) ?? "-"}, applied {evidence.Applied?.ToString(CultureInfo.InvariantCulture) ?? "-"}, destroyed {evidence.Destroyed?.ToString(CultureInfo.InvariantCulture) ?? "-"}\n");
    }

    private static void AppendFailure(StringBuilder text, string label, CommandFailure? failure)
    {
        if (failure is null)
        {
            return;
        }

        // The command holds configured values and the termination may quote an error: neither may become Markdown.
        text.Append($"\n{label}: {CodeSpan(failure.Command)} ({CodeSpan(failure.Termination)})\n\n");
        text.Append(Fenced(failure.OutputTail));
    }

    /// <summary>The lines in a fence no line can close: longer than the longest backtick run, and at least three.</summary>
    public static string Fenced(IReadOnlyList<string> lines)
    {
        var body = string.Join('\n', lines.Select(Clean));
        var fence = new string('`', Math.Max(3, LongestBacktickRun(body) + 1));
        return $"{fence}text\n{body}\n{fence}\n";
    }

    /// <summary>A code span the text cannot end: on one line, delimited by more backticks than any run in it.</summary>
    private static string CodeSpan(string text)
    {
        var line = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        var ticks = new string('`', LongestBacktickRun(line) + 1);
        return $"{ticks} {line} {ticks}";
    }

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static string Clean(string line) =>
        new(line.Where(c => c == '\t' || !char.IsControl(c)).ToArray());

    private static string RunLink(PolicyContext context) =>
        context.RunUrl is null ? $"run `{context.RunId}`" : $"[run {context.RunId}]({context.RunUrl})";

    private static string CommitText(PolicyContext context) =>
        context.Commit is null ? string.Empty : $" at commit `{context.Commit}`";

    private static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Green => "green",
        Verdict.Leaked => "leaked (red)",
        Verdict.NotValidated => "not validated",
        _ => "red",
    };

    private static string Depth(ValidationDepth depth) => depth == ValidationDepth.Plan ? "plan" : "apply";
}
