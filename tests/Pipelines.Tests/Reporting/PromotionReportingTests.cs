using System.Text.Json;
using Pipelines.Promotion;
using Pipelines.Reporting;

namespace Pipelines.Tests.Reporting;

public sealed class PromotionReportingTests
{
    private const string Old = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string New = "1111111111111111111111111111111111111111";
    private const string Old2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string New2 = "2222222222222222222222222222222222222222";

    private static PromotionReport Report(PromotionOutcome outcome, params RepoReport[] repos) => new(
        outcome, outcome.ExitCode(), "message", false, "42", new Uri("https://github.com/acme/ops/actions/runs/42"), "octocat", null,
        new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), 1234, null, repos,
        [new StageReport("poll-health", "backend", StageStatus.Passed, 800, "200 after 2 attempts | <b>", [])]);

    private static RepoReport Repo(string name, string? before, string? after, RepoStatus status) =>
        new(name, $"acme/{name}", "main", "prod", New, before, after, status);

    [Fact]
    public void The_json_report_uses_the_documented_names_and_values()
    {
        var report = Report(PromotionOutcome.RolledBack, Repo("backend", Old, Old, RepoStatus.RolledBack), Repo("seeded", null, New, RepoStatus.Seeded));

        using var json = JsonDocument.Parse(ReportJson.Serialize(report));

        var root = json.RootElement;
        Assert.Equal("rolled-back", root.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("bypass").ValueKind);
        var repo = root.GetProperty("repos")[0];
        Assert.Equal("backend", repo.GetProperty("name").GetString());
        Assert.Equal("acme/backend", repo.GetProperty("repo").GetString());
        Assert.Equal("main", repo.GetProperty("from").GetString());
        Assert.Equal("prod", repo.GetProperty("to").GetString());
        Assert.Equal(New, repo.GetProperty("source_sha").GetString());
        Assert.Equal(Old, repo.GetProperty("before_sha").GetString());
        Assert.Equal(Old, repo.GetProperty("after_sha").GetString());
        Assert.Equal("rolled-back", repo.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("repos")[1].GetProperty("before_sha").ValueKind);
        var stage = root.GetProperty("stages")[0];
        Assert.Equal("poll-health", stage.GetProperty("name").GetString());
        Assert.Equal("passed", stage.GetProperty("status").GetString());
        Assert.Equal(800, stage.GetProperty("duration_ms").GetInt64());
    }

    [Fact]
    public void The_summary_shows_each_repo_old_to_new_with_twelve_character_shas()
    {
        var summary = PromotionSummary.Render(Report(PromotionOutcome.Promoted, Repo("backend", Old, New, RepoStatus.Advanced)));

        Assert.Contains("`aaaaaaaaaaaa`", summary);
        Assert.Contains("`111111111111`", summary);
        Assert.DoesNotContain(Old, summary);
        Assert.Contains("advanced", summary);
        Assert.Contains("poll-health", summary);
        Assert.Contains("0.8s", summary);
    }

    [Fact]
    public void Stage_details_cannot_inject_markdown_into_the_table()
    {
        var summary = PromotionSummary.Render(Report(PromotionOutcome.Promoted, Repo("backend", Old, New, RepoStatus.Advanced)));

        Assert.Contains(@"\| \<b\>", summary);
    }

    [Fact]
    public void A_split_summary_says_where_each_prod_points_and_both_ways_to_repair()
    {
        var report = Report(PromotionOutcome.Split, Repo("backend", Old, New, RepoStatus.Advanced), Repo("metadata", Old2, Old2, RepoStatus.Failed));

        var summary = PromotionSummary.Render(report);

        Assert.Contains("Production is split", summary);
        Assert.Contains("advanced by this run", summary);
        Assert.Contains("push failed, still at its previous commit", summary);
        Assert.Contains("Finish the promotion", summary);
        Assert.Contains($"git push --force-with-lease=prod:{New} origin {Old}:refs/heads/prod", summary);
    }

    [Fact]
    public void A_partial_promotion_is_not_reported_as_a_split()
    {
        var report = Report(PromotionOutcome.Promoted, Repo("backend", Old, New, RepoStatus.Advanced), Repo("metadata", Old2, Old2, RepoStatus.Unchanged));

        var summary = PromotionSummary.Render(report);

        Assert.DoesNotContain("split", summary, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_bypass_summary_shows_the_justification_fenced()
    {
        var report = Report(PromotionOutcome.Promoted, Repo("backend", Old, New, RepoStatus.Advanced)) with
        {
            Bypass = new BypassReport("octocat", "``` [x](http://e.test)", "tracker.md"),
        };

        var summary = PromotionSummary.Render(report);

        Assert.Contains("Gate bypassed", summary);
        Assert.Contains("````text\n``` [x](http://e.test)\n````", summary);
    }

    [Fact]
    public async Task Github_outputs_hold_the_outcome_and_each_repos_sha_and_pushed_flag()
    {
        var path = Path.GetTempFileName();
        try
        {
            var report = Report(PromotionOutcome.Promoted, Repo("backend", Old, New, RepoStatus.Advanced), Repo("metadata", Old2, Old2, RepoStatus.Unchanged));

            await GitHubActionsOutput.AppendOutputsAsync(path, GitHubActionsOutput.PromotionOutputs(report), CancellationToken.None);

            Assert.Equal(
                [
                    "outcome=promoted",
                    $"backend_from_sha={New}", $"backend_to_sha={Old}", $"backend_sha={New}", "backend_pushed=true",
                    $"metadata_from_sha={New}", $"metadata_to_sha={Old2}", $"metadata_sha={Old2}", "metadata_pushed=false",
                ],
                await File.ReadAllLinesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
