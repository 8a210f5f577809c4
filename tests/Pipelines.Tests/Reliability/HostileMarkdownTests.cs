using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Pipelines.Configuration;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Validation;
using Pipelines.Promotion.Audit;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Generated hostile text (fixed seed) in every place Pipelines puts someone else's text into
/// Markdown that GitHub renders: the bypass justification and the rollback reason of audit
/// entries, and the command, termination and output tail of live-deploy issues, comments and pull
/// requests. Rendered through Markdig (CommonMark plus GitHub-like extensions), the text outside
/// the code fence is exactly what a harmless text gives: nothing escapes the fence.
/// </summary>
public sealed class HostileMarkdownTests
{
    private const int Cases = 1_500;
    private static readonly MarkdownPipeline GitHubLike = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri RunUrl = new("https://github.com/acme/ops/actions/runs/42");
    private static readonly AuditedMove[] Moves =
    [
        new("backend", "acme/backend", new string('a', 40), new string('b', 40)),
        new("metadata", "acme/metadata", null, new string('c', 40)),
    ];

    public static TheoryData<string> EntryKinds => [AuditEntry.BypassKind, AuditEntry.RollbackKind];

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public void Generated_free_text_never_escapes_the_audit_entrys_fence(string kind)
    {
        var random = new Random(kind == AuditEntry.BypassKind ? 5_001 : 5_002);
        var harmless = OutsideTheFence(Audit(kind, "harmless"));
        for (var i = 0; i < Cases; i++)
        {
            var text = i % 10 == 0 ? HostileText.EveryFence(40) + HostileText.Next(random) : HostileText.Next(random);

            var entry = Audit(kind, text);

            Assert.Equal(AuditEntry.Sanitize(text), FencedText(entry));
            Assert.Equal(harmless, OutsideTheFence(entry));
        }
    }

    [Fact]
    public void Hostile_text_cut_at_githubs_limit_stays_inside_its_fence()
    {
        var random = new Random(5_003);
        var harmless = OutsideTheFence(Audit(AuditEntry.BypassKind, "harmless"));
        for (var i = 0; i < 20; i++)
        {
            // Long runs of backticks near the cut, so the fence must be longer than anything kept.
            var text = string.Concat(Enumerable.Range(0, 4_000).Select(_ => HostileText.Next(random, 6))) + new string('`', 200 + i);

            var entry = Audit(AuditEntry.BypassKind, text);

            Assert.True(entry.Length <= AuditEntry.MaxLength, $"{entry.Length} characters");
            Assert.Contains("truncated", FencedText(entry), StringComparison.Ordinal);
            Assert.Equal(harmless, OutsideTheFence(entry));
        }
    }

    [Fact]
    public void A_hostile_actor_stays_inside_its_code_span()
    {
        var random = new Random(5_004);
        for (var i = 0; i < Cases; i++)
        {
            var actor = HostileText.Next(random, 12);

            var entry = AuditEntry.RenderBypass("42", At, actor, RunUrl, Moves, "harmless");

            AssertInert(entry, expectedCodeText: null);
        }
    }

    public static TheoryData<string> LiveDeployTexts => ["issue", "comment", "demotion"];

    [Theory]
    [MemberData(nameof(LiveDeployTexts))]
    public void Generated_command_output_never_escapes_the_fence_of_an_issue_comment_or_pull_request(string which)
    {
        var random = new Random(which.Length * 7_919);
        var harmless = OutsideTheFence(LiveDeployText(which, Failure(["harmless"])));
        for (var i = 0; i < Cases; i++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 8)).Select(_ => HostileText.Next(random, 10)).ToList();

            var text = LiveDeployText(which, Failure(lines));

            Assert.Equal(harmless, OutsideTheFence(text));
        }
    }

    [Fact]
    public void A_hostile_failing_command_or_termination_renders_inert()
    {
        var random = new Random(5_005);
        for (var i = 0; i < Cases; i++)
        {
            var failure = new CommandFailure(HostileText.Next(random, 10), 1, HostileText.Next(random, 10), ["output"]);

            var text = LiveDeployText("issue", failure);

            AssertInert(text, expectedCodeText: "output");
        }
    }

    private static string Audit(string kind, string text) => kind == AuditEntry.BypassKind
        ? AuditEntry.RenderBypass("42", At, "octocat", RunUrl, Moves, text)
        : AuditEntry.RenderRollback("42", At, "octocat", RunUrl, Moves, text);

    private static CommandFailure Failure(IReadOnlyList<string> tail) =>
        new("wfctl infra plan -c examples/minimal/config.yaml --env staging", 1, "exit code 1", tail);

    private static string LiveDeployText(string which, CommandFailure failure)
    {
        var context = new PolicyContext("aws", "42", RunUrl, new string('d', 40), ValidationDepth.Plan, "staging", Verdict.Red, failure, null, null, 2);
        return which switch
        {
            "issue" => PolicyMessages.IssueBody(context),
            "comment" => PolicyMessages.Comment(context, CommentPurpose.RedRecorded, null),
            _ => PolicyMessages.PullRequestBody(context, PluginStatus.Experimental, "https://github.com/acme/workflow-plugin-aws/issues/5"),
        };
    }

    /// <summary>The rendered HTML with the one code block cut out: what a reader sees as structure.</summary>
    private static string OutsideTheFence(string markdown)
    {
        var html = Markdown.ToHtml(markdown, GitHubLike);
        var start = html.IndexOf("<pre>", StringComparison.Ordinal);
        Assert.True(start >= 0 && html.IndexOf("<pre>", start + 1, StringComparison.Ordinal) < 0, "expected exactly one code block");
        var end = html.IndexOf("</pre>", start, StringComparison.Ordinal) + "</pre>".Length;
        return html[..start] + html[end..];
    }

    private static string FencedText(string markdown) =>
        Assert.Single(Markdown.Parse(markdown, GitHubLike).Descendants<FencedCodeBlock>()).Lines.ToString();

    /// <summary>Only the fixed parts of the text make structure: one link at most (the run), no heading, image, HTML or mention.</summary>
    private static void AssertInert(string markdown, string? expectedCodeText)
    {
        var document = Markdown.Parse(markdown, GitHubLike);
        Assert.All(document.Descendants<LinkInline>(), link => Assert.True(
            link.Url is { } url && (url.StartsWith(RunUrl.AbsoluteUri, StringComparison.Ordinal) || url.StartsWith("https://github.com/acme/", StringComparison.Ordinal)) && !link.IsImage,
            $"a link to {link.Url} escaped:\n{markdown}"));
        Assert.All(document.Descendants<AutolinkInline>(), link => Assert.StartsWith(RunUrl.AbsoluteUri, link.Url));
        Assert.Empty(document.Descendants<HtmlInline>());
        Assert.Single(document.Descendants<HtmlBlock>());
        Assert.True(document.Descendants<HeadingBlock>().Count() <= 1, $"a heading escaped:\n{markdown}");
        if (expectedCodeText is not null)
        {
            Assert.Equal(expectedCodeText, Assert.Single(document.Descendants<FencedCodeBlock>()).Lines.ToString());
        }

        foreach (var literal in document.Descendants<LiteralInline>())
        {
            var content = literal.Content.ToString();
            Assert.False(content.Contains('@', StringComparison.Ordinal) || content.Contains("evil", StringComparison.Ordinal), $"'{content}' escaped:\n{markdown}");
        }
    }
}
