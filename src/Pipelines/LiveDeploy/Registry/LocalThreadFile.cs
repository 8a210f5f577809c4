using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines.LiveDeploy.Registry;

/// <summary>The machine-readable header of a local issue or pull request.</summary>
public sealed record LocalThreadHeader(
    int Number,
    string Title,
    string State,
    IReadOnlyList<string> Labels,
    string? Head,
    string? Base,
    DateTimeOffset CreatedAt);

/// <summary>
/// A local issue or pull request as a Markdown file a person can read: a hidden header line,
/// the title as a heading, the body, then each comment after a hidden separator line.
/// </summary>
public sealed record LocalThread(LocalThreadHeader Header, string Body, IReadOnlyList<string> Comments)
{
    private const string HeaderPrefix = "<!-- pipelines-local: ";
    private const string CommentPrefix = "<!-- pipelines-local-comment: ";
    private const string Suffix = " -->";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public IReadOnlyList<string> Entries => [Body, .. Comments];

    public string Render()
    {
        var text = new StringBuilder();
        text.Append(HeaderPrefix).Append(JsonSerializer.Serialize(Header, Json)).Append(Suffix).Append('\n');
        text.Append("# ").Append(Header.Title.ReplaceLineEndings(" ")).Append("\n\n");
        text.Append(Guard(Body)).Append('\n');
        for (var i = 0; i < Comments.Count; i++)
        {
            text.Append(CommentPrefix).Append(i + 1).Append(Suffix).Append('\n');
            text.Append(Guard(Comments[i])).Append('\n');
        }

        return text.ToString();
    }

    public static LocalThread Parse(string text)
    {
        // Render ends every part with a newline of its own; only the file's last one reads back as an extra line.
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = (normalized.EndsWith('\n') ? normalized[..^1] : normalized).Split('\n');
        if (lines.Length < 2 || !lines[0].StartsWith(HeaderPrefix, StringComparison.Ordinal) || !lines[0].EndsWith(Suffix, StringComparison.Ordinal))
        {
            throw new FormatException("not a local issue or pull request file (no header line)");
        }

        var json = lines[0][HeaderPrefix.Length..^Suffix.Length];
        var header = JsonSerializer.Deserialize<LocalThreadHeader>(json, Json) ?? throw new FormatException("empty header");
        // Line 1 is the title heading, line 2 blank; the body runs to the first comment separator.
        var parts = new List<List<string>> { new() };
        foreach (var line in lines.Skip(3))
        {
            if (line.StartsWith(CommentPrefix, StringComparison.Ordinal))
            {
                parts.Add([]);
            }
            else
            {
                parts[^1].Add(line);
            }
        }

        var entries = parts.Select(Join).ToList();
        return new LocalThread(header, entries[0], entries.Skip(1).ToList());
    }

    private static string Join(List<string> lines) => string.Join('\n', lines);

    // A line that looks like a separator would split the thread when read back.
    private static string Guard(string body)
    {
        var guarded = body.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("\n<!-- pipelines-local", "\n <!-- pipelines-local", StringComparison.Ordinal);
        return guarded.StartsWith("<!-- pipelines-local", StringComparison.Ordinal) ? " " + guarded : guarded;
    }
}
