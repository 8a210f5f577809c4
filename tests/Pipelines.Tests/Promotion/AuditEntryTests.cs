using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Pipelines.Promotion.Audit;

namespace Pipelines.Tests.Promotion;

public sealed class AuditEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 30, 5, TimeSpan.Zero);
    private static readonly AuditedMove[] Moves =
    [
        new("backend", "acme/backend", new string('a', 40), new string('1', 40)),
        new("metadata", "acme/metadata", null, new string('2', 40)),
    ];

    private static string Render(string justification, string? actor = "octocat") =>
        AuditEntry.RenderBypass("42", At, actor, new Uri("https://github.com/acme/ops/actions/runs/42"), Moves, justification);

    [Fact]
    public void The_entry_holds_time_actor_run_moves_and_the_justification_verbatim()
    {
        var entry = Render("Prod is down.\nSee #12, @oncall.");

        Assert.Contains("2026-11-23T12:30:05Z", entry);
        Assert.Contains("octocat", entry);
        Assert.Contains("<https://github.com/acme/ops/actions/runs/42>", entry);
        Assert.Contains(new string('a', 40), entry);
        Assert.Contains(new string('1', 40), entry);
        Assert.Contains("(new branch)", entry);
        Assert.Contains("Prod is down.\nSee #12, @oncall.", entry);
        Assert.StartsWith(AuditEntry.Marker("42", AuditEntry.BypassKind), entry);
    }

    [Theory]
    [InlineData("```\n# heading\n```")]
    [InlineData("````````` [link](https://evil.test) ![img](https://evil.test/x.png) <script>x</script> @everyone")]
    [InlineData("~~~\n<img src=x>\n~~~")]
    public void A_justification_cannot_close_its_fence(string hostile)
    {
        var entry = Render(hostile);

        var block = JustificationBlock(entry);
        Assert.Equal(AuditEntry.Sanitize(hostile), block.Lines.ToString());
        AssertInert(entry);
    }

    [Fact]
    public void Control_characters_other_than_newline_and_tab_are_removed()
    {
        var entry = Render("a\0b\u0007c\r\nd\te\u001b[31m");

        Assert.Contains("abc\nd\te[31m", entry);
        Assert.DoesNotContain('\0', entry);
        Assert.DoesNotContain('\r', entry);
        Assert.DoesNotContain('\u001b', entry);
    }

    [Fact]
    public void An_entry_longer_than_githubs_limit_is_cut_with_a_marker_and_stays_fenced()
    {
        var entry = Render(new string('x', 100_000) + "``````");

        Assert.True(entry.Length <= AuditEntry.MaxLength, $"{entry.Length} > {AuditEntry.MaxLength}");
        Assert.Contains("truncated", entry);
        AssertInert(entry);
    }

    [Fact]
    public void A_hostile_actor_is_rendered_inert()
    {
        var entry = Render("ok", actor: "`x` [a](https://evil.test) @team");

        AssertInert(entry);
    }

    [Fact]
    public void Generated_hostile_justifications_never_escape_the_fence()
    {
        var random = new Random(20261123);
        string[] pieces = ["`", "```", "~~~", "\n", "\r\n", "\r", "\u2028", "\u2029", "\0", "#", "# ", "[x](http://e.test)",
            "![i](http://e.test/i.png)", "<b>", "<!--", "-->", "@team", "    ", "\t", "> ", "- ", "1. ", "|", "\\", "*", "_", "é", "😀"];
        for (var i = 0; i < 2_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));

            var entry = Render(text);

            var block = JustificationBlock(entry);
            Assert.Equal(AuditEntry.Sanitize(text), block.Lines.ToString());
            AssertInert(entry);
        }
    }

    private static FencedCodeBlock JustificationBlock(string entry)
    {
        var document = Markdown.Parse(entry);
        return Assert.Single(document.Descendants<FencedCodeBlock>());
    }

    /// <summary>Only the fixed parts of the entry may produce structure: one heading, one table's worth of code, one link.</summary>
    private static void AssertInert(string entry)
    {
        var pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
        var document = Markdown.Parse(entry, pipeline);
        Assert.Single(document.Descendants<HeadingBlock>());
        Assert.Single(document.Descendants<FencedCodeBlock>());
        Assert.DoesNotContain(document.Descendants<LinkInline>(), l => !l.IsAutoLink);
        Assert.All(document.Descendants<AutolinkInline>(), l => Assert.StartsWith("https://github.com/acme/ops/actions/runs/42", l.Url));
        Assert.Empty(document.Descendants<HtmlInline>());
        Assert.Single(document.Descendants<HtmlBlock>()); // the run marker comment
        foreach (var literal in document.Descendants<LiteralInline>())
        {
            Assert.DoesNotContain("@team", literal.Content.ToString());
        }
    }
}
