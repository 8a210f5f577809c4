using System.Text;
using Pipelines.Promotion;

namespace Pipelines.Git;

/// <summary>
/// An audit trail kept in a Markdown file: each entry is appended after a thematic break, the
/// file is created with a heading when missing. The location of an entry is
/// <c>path#L&lt;line&gt;</c>, the line where it starts.
/// </summary>
public sealed class MarkdownFileAuditTrail : IAuditTrail
{
    public const string Heading = "# Pipelines audit trail";

    private const string EntryBreak = "\n---\n\n";

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public MarkdownFileAuditTrail(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException("The audit trail needs an absolute file path.", nameof(path));
        }

        Location = path;
    }

    public string Location { get; }

    public async Task<bool> ContainsAsync(string marker, string? author, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        // A file has no authors: whoever can write it is trusted, so author is not checked.
        try
        {
            var text = await File.ReadAllTextAsync(Location, Utf8, cancellationToken).ConfigureAwait(false);
            // Only an entry that starts with the marker counts (entries follow the break this
            // trail writes), not the marker quoted inside another entry's text.
            return text.Contains(EntryBreak + marker, StringComparison.Ordinal);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    public async Task<string> AppendAsync(string markdown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        // Exclusive while the line count is taken and the entry written, so two writers cannot
        // interleave or report each other's line.
        var stream = new FileStream(Location, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var (lines, endsWithNewline) = await CountLinesAsync(stream, cancellationToken).ConfigureAwait(false);
            var entry = new StringBuilder();
            if (stream.Length == 0)
            {
                entry.Append(Heading).Append('\n');
                lines = 1;
            }
            else if (!endsWithNewline)
            {
                // Completes the last line, which the count already includes.
                entry.Append('\n');
            }

            // The blank line before the break keeps it from turning the previous line into a heading.
            entry.Append(EntryBreak);
            var firstLine = lines + 4;
            entry.Append(markdown.TrimEnd('\r', '\n')).Append('\n');

            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(Utf8.GetBytes(entry.ToString()), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            return $"{Location}#L{firstLine}";
        }
    }

    private static async Task<(int Lines, bool EndsWithNewline)> CountLinesAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        // A last line without a newline is still a line.
        return last == '\n' ? (lines, true) : (lines + 1, false);
    }
}
