using System.Globalization;
using System.Text;

namespace Pipelines.Promotion.Audit;

/// <summary>One repository's move, as an audit entry lists it.</summary>
public sealed record AuditedMove(string Name, string Repository, string? FromSha, string? ToSha);

/// <summary>
/// Renders audit entries for the tracker. Everything a person typed (justification, actor) is
/// inert: it sits inside a code fence longer than any backtick run it contains, so no mention,
/// link, image, heading or HTML in it is rendered. Each entry carries the run id as a marker so a
/// re-run after a crash can see that the entry was already posted.
/// </summary>
public static class AuditEntry
{
    /// <summary>GitHub rejects issue comments longer than this.</summary>
    public const int MaxLength = 65_536;

    public const string BypassKind = "bypass";
    public const string RollbackKind = "rollback";

    /// <summary>A hidden line that identifies the run and the kind of entry.</summary>
    public static string Marker(string runId, string kind) => $"<!-- pipelines-run: {runId} {kind} -->";

    public static string RenderBypass(
        string runId,
        DateTimeOffset at,
        string? actor,
        Uri? runUrl,
        IReadOnlyList<AuditedMove> moves,
        string justification) =>
        Render(runId, BypassKind, "Promotion gate bypassed", at, actor, runUrl, moves, ("Justification", justification));

    public static string RenderRollback(
        string runId,
        DateTimeOffset at,
        string? actor,
        Uri? runUrl,
        IReadOnlyList<AuditedMove> moves,
        string reason) =>
        Render(runId, RollbackKind, "Promotion rolled back", at, actor, runUrl, moves, ("Reason", reason));

    private static string Render(
        string runId,
        string kind,
        string title,
        DateTimeOffset at,
        string? actor,
        Uri? runUrl,
        IReadOnlyList<AuditedMove> moves,
        (string Label, string Text) freeText)
    {
        var head = new StringBuilder()
            .Append(Marker(runId, kind)).Append('\n')
            .Append("### ").Append(title).Append('\n').Append('\n')
            .Append("- **When:** ").Append(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n')
            .Append("- **Actor:** ").Append(CodeSpan(actor ?? "unknown")).Append('\n')
            .Append("- **Run:** ").Append(runUrl is null ? CodeSpan(runId) : $"<{runUrl.AbsoluteUri}>").Append('\n')
            .Append('\n')
            .Append("| repo | from | to |\n|---|---|---|\n");
        foreach (var move in moves)
        {
            head.Append("| ").Append(CodeSpan(move.Repository))
                .Append(" | ").Append(move.FromSha is null ? "(new branch)" : CodeSpan(move.FromSha))
                .Append(" | ").Append(move.ToSha is null ? "(deleted)" : CodeSpan(move.ToSha))
                .Append(" |\n");
        }

        head.Append('\n').Append("**").Append(freeText.Label).Append(":**\n\n");
        return AppendFenced(head.ToString(), Sanitize(freeText.Text));
    }

    /// <summary>Removes control characters other than newline and tab; CR LF and lone CR become LF.</summary>
    public static string Sanitize(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (c is '\n' or '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A fence the text cannot close: longer than its longest run of backticks.</summary>
    public static string FenceFor(string text) => new('`', Math.Max(3, LongestRun(text, '`') + 1));

    private static string AppendFenced(string head, string text)
    {
        var fenced = Fence(text);
        if (head.Length + fenced.Length <= MaxLength)
        {
            return head + fenced;
        }

        // Cut the text, never the fence: the entry must stay inert after truncation.
        var marker = $"\n[… truncated: {text.Length.ToString(CultureInfo.InvariantCulture)} characters in all]";
        var overhead = head.Length + Fence(marker).Length;
        var keep = Math.Max(0, MaxLength - overhead);
        while (keep > 0)
        {
            var candidate = head + Fence(TrimToLength(text, keep) + marker);
            if (candidate.Length <= MaxLength)
            {
                return candidate;
            }

            keep -= candidate.Length - MaxLength;
        }

        return head + Fence(marker);
    }

    private static string Fence(string text)
    {
        var fence = FenceFor(text);
        return $"{fence}text\n{text}\n{fence}\n";
    }

    // Never split a surrogate pair: half a character would make the comment invalid UTF-16.
    private static string TrimToLength(string text, int length)
    {
        if (length >= text.Length)
        {
            return text;
        }

        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    private static string CodeSpan(string value)
    {
        var text = Sanitize(value).Replace('\n', ' ').Replace('\t', ' ');
        var ticks = new string('`', LongestRun(text, '`') + 1);
        // Padding keeps a value that starts or ends with a backtick from merging with the delimiters.
        return $"{ticks} {text} {ticks}";
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
