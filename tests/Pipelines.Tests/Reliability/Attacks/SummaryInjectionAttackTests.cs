using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Pipelines.Commands;
using Pipelines.Promotion;
using Pipelines.Reporting;
using Pipelines.Testing.Cli;
using Pipelines.Tests.Integration.Harness;

namespace Pipelines.Tests.Reliability.Attacks;

/// <summary>
/// Attack (issue 13, point 3): an actor (a dispatch input) with line breaks, HTML, a heading
/// and links. The built CLI refuses it at the edge (exit 2, nothing written anywhere); and should
/// such text reach the summary anyway, the summary renders it inert through a GFM renderer
/// (Markdig with its advanced extensions), while the links Pipelines writes itself stay clickable.
/// </summary>
public sealed class SummaryInjectionAttackTests
{
    private const string Injected = "octocat\n\n# Approved by security\n\n<img src=x onerror=alert(1)>\n[click](https://evil.test) https://evil.test www.evil.test";
    private const string AuditUrl = "https://github.example/acme/ops/issues/1#issuecomment-77";
    private static readonly Uri RunUrl = new("https://github.example/acme/ops/actions/runs/42");
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static TheoryData<string> HostileActors => new()
    {
        Injected,
        "octocat\r\n\r\n## heading",
        "octo\u2028\u2028# cat",
        "octo cat",
        "<b>octocat</b>",
        "octocat`",
        "octo|cat",
        new string('a', ActorName.MaxLength + 1),
    };

    [Theory]
    [MemberData(nameof(HostileActors))]
    public void A_hostile_actor_is_refused_at_the_edge(string actor)
    {
        var error = Assert.Throws<UsageException>(() => ActorName.Validate(actor));

        Assert.Contains("--actor", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(actor, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("octocat")]
    [InlineData("github-actions[bot]")]
    [InlineData("jane-doe_acme")]
    public void A_github_login_is_accepted(string actor) => Assert.Equal(actor, ActorName.Validate(actor));

    [Fact]
    public async Task The_cli_refuses_a_hostile_actor_with_exit_2_and_writes_and_posts_nothing()
    {
        await using var world = await GitHubWorld.StartAsync(GitHubWorldOptions.Reliability);
        var summary = world.Root.Combine("summary.md");
        var environment = new Dictionary<string, string>(world.Environment) { ["PIPELINES_ACTOR"] = Injected, ["GITHUB_STEP_SUMMARY"] = world.Root.Combine("step.md") };

        await using var cli = CliProcess.Start(
            ["promote", "--config", world.ConfigPath, "--skip-gate", "--justification", "hotfix", "--summary", summary], environment, world.Root.Path);
        var result = await cli.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--actor", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Approved", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(summary) || File.Exists(world.Root.Combine("step.md")));
        Assert.Empty(world.TrackerComments);
        Assert.Equal(0, world.Staging.Health.Requests + world.Staging.Version.Requests);
    }

    [Fact]
    public void Hostile_text_in_every_untrusted_place_of_the_summary_renders_inert_and_the_products_links_work()
    {
        var random = new Random(13_003);
        for (var i = 0; i < 500; i++)
        {
            var hostile = i == 0 ? Injected : HostileText.Next(random, 12);
            var report = new PromotionReport(
                PromotionOutcome.Promoted, 0, hostile, false, hostile, RunUrl, hostile, hostile, DateTimeOffset.UnixEpoch, 1000,
                new BypassReport(hostile, hostile, AuditUrl),
                [new RepoReport("backend", "acme/backend", hostile, hostile, null, null, new string('a', 40), RepoStatus.Seeded)],
                [new StageReport("log-bypass", hostile, StageStatus.Passed, 10, $"justification recorded at {AuditUrl} {hostile}", [hostile])]);

            var markdown = PromotionSummary.Render(report);

            AssertInert(markdown);
        }
    }

    [Fact]
    public void Links_the_product_writes_are_clickable_and_exact()
    {
        var report = new PromotionReport(
            PromotionOutcome.Promoted, 0, "promoted", false, "42", RunUrl, "octocat", null, DateTimeOffset.UnixEpoch, 1000,
            new BypassReport("octocat", "hotfix", AuditUrl), [], []);

        var links = Markdown.Parse(PromotionSummary.Render(report), Gfm).Descendants<Inline>()
            .Select(l => l switch { LinkInline link => link.Url, AutolinkInline auto => auto.Url, _ => null }).OfType<string>().ToList();

        Assert.Equal([RunUrl.AbsoluteUri, AuditUrl], links);
    }

    /// <summary>Only structure the product writes: links to the run and the audit entry, the one details block, no heading but the title.</summary>
    private static void AssertInert(string markdown)
    {
        var document = Markdown.Parse(markdown, Gfm);
        Assert.All(document.Descendants<LinkInline>(), link => Assert.True(
            !link.IsImage && (link.Url == RunUrl.AbsoluteUri || link.Url == AuditUrl), $"a link to {link.Url} escaped:\n{markdown}"));
        Assert.All(document.Descendants<AutolinkInline>(), link => Assert.True(
            link.Url == RunUrl.AbsoluteUri || link.Url == AuditUrl, $"an autolink to {link.Url} escaped:\n{markdown}"));
        Assert.All(document.Descendants<HtmlInline>(), html => Assert.Matches("^</?(details|summary)>$", html.Tag));
        Assert.All(document.Descendants<HtmlBlock>(), html => Assert.Matches("^</?details>", html.Lines.ToString()));
        var headings = document.Descendants<HeadingBlock>().ToList();
        Assert.True(headings.Count == 2, $"{headings.Count} headings:\n{markdown}");
    }
}
