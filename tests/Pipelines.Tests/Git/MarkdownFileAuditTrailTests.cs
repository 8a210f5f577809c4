using Markdig;
using Markdig.Syntax;
using Pipelines.Git;
using Pipelines.Testing.Git;

namespace Pipelines.Tests.Git;

public sealed class MarkdownFileAuditTrailTests : IDisposable
{
    private const string FirstEntry = "<!-- pipelines-run: 101 bypass -->\n### Promotion gate bypassed\n\nfirst justification\n";
    private const string SecondEntry = "<!-- pipelines-run: 102 rollback -->\n### Promotion rolled back\n\nsecond reason";

    private readonly TempDirectory _directory = new("pipelines-tracker");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Creates_the_file_with_a_heading_and_points_at_the_entry()
    {
        var trail = new MarkdownFileAuditTrail(_directory.Combine("tracker.md"));

        var location = await trail.AppendAsync(FirstEntry, default);

        var lines = await File.ReadAllLinesAsync(trail.Location);
        Assert.Equal(MarkdownFileAuditTrail.Heading, lines[0]);
        Assert.Equal($"{trail.Location}#L5", location);
        Assert.Equal("<!-- pipelines-run: 101 bypass -->", lines[4]);
    }

    [Fact]
    public async Task Appends_entries_in_order_separated_by_a_thematic_break()
    {
        var trail = new MarkdownFileAuditTrail(_directory.Combine("tracker.md"));

        await trail.AppendAsync(FirstEntry, default);
        var second = await trail.AppendAsync(SecondEntry, default);

        var text = await File.ReadAllTextAsync(trail.Location);
        var lines = text.Split('\n');
        var line = int.Parse(second[(second.LastIndexOf("#L", StringComparison.Ordinal) + 2)..]);
        Assert.Equal("<!-- pipelines-run: 102 rollback -->", lines[line - 1]);
        Assert.True(text.IndexOf("first justification", StringComparison.Ordinal) < text.IndexOf("second reason", StringComparison.Ordinal));
        Assert.EndsWith("second reason\n", text);

        var document = Markdown.Parse(text);
        Assert.Equal(2, document.OfType<ThematicBreakBlock>().Count());
        Assert.Equal([1, 3, 3], document.OfType<HeadingBlock>().Select(h => h.Level));
    }

    [Fact]
    public async Task An_existing_file_without_a_final_newline_keeps_its_last_line_a_paragraph()
    {
        var path = _directory.Combine("tracker.md");
        await File.WriteAllTextAsync(path, "# Our tracker\n\nnotes without a final newline");
        var trail = new MarkdownFileAuditTrail(path);

        var location = await trail.AppendAsync(FirstEntry, default);

        var text = await File.ReadAllTextAsync(path);
        Assert.StartsWith("# Our tracker\n\nnotes without a final newline\n", text);
        Assert.Equal($"{path}#L7", location);
        Assert.Equal("<!-- pipelines-run: 101 bypass -->", text.Split('\n')[6]);
        // The break must not turn the previous line into a setext heading.
        var document = Markdown.Parse(text);
        Assert.Contains(document.OfType<ParagraphBlock>(), p => p.Inline?.FirstChild?.ToString() == "notes without a final newline");
        Assert.Single(document.OfType<ThematicBreakBlock>());
    }

    [Fact]
    public async Task Finds_a_marker_only_once_it_was_appended()
    {
        var trail = new MarkdownFileAuditTrail(_directory.Combine("tracker.md"));

        Assert.False(await trail.ContainsAsync("<!-- pipelines-run: 101 bypass -->", null, default));
        await trail.AppendAsync(FirstEntry, default);

        Assert.True(await trail.ContainsAsync("<!-- pipelines-run: 101 bypass -->", null, default));
        Assert.False(await trail.ContainsAsync("<!-- pipelines-run: 102 bypass -->", null, default));
    }

    [Fact]
    public void Needs_an_absolute_path() =>
        Assert.Throws<ArgumentException>(() => new MarkdownFileAuditTrail("tracker.md"));

    [Fact]
    public async Task A_missing_directory_is_an_error_not_a_silent_success()
    {
        var trail = new MarkdownFileAuditTrail(_directory.Combine("missing", "tracker.md"));

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => trail.AppendAsync(FirstEntry, default));
    }
}
