using System.Text.Json;
using System.Xml.Linq;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Pipelines.Configuration;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Reporting;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

public sealed class ReportingTests
{
    private static PluginReport Row(string plugin, Verdict verdict, ReportAction action = ReportAction.None, string? policyError = null) => new(
        plugin, new string('d', 40), ValidationDepth.Apply, verdict, 1, 1234, "verified", action, action == ReportAction.None ? null : "https://github.com/o/r/issues/1",
        true, "aws: OIDC", verdict == Verdict.Green ? null : new CommandFailure("wfctl infra apply -c x --env staging -y", 1, "exit code 1", ["line 1", "Error: <b>boom</b> ```"]),
        verdict == Verdict.Leaked ? new CommandFailure("wfctl infra destroy -c x --env staging -y", null, "timed out after 900s (process tree killed)", []) : null,
        verdict == Verdict.Leaked ? "live-deploy-77" : null, null, "reason", [], [], ["done: open investigation issue u"], policyError);

    private static LiveDeployReport Report(params PluginReport[] rows) =>
        new("77", new Uri("https://github.com/o/r/actions/runs/77"), "wfctl v1.2.3", false, false, DateTimeOffset.UnixEpoch, 5000, LiveDeployExitCode.For(rows), rows);

    [Theory]
    [InlineData(new[] { Verdict.Green, Verdict.Green }, 0)]
    [InlineData(new[] { Verdict.Green, Verdict.Red }, 1)]
    [InlineData(new[] { Verdict.Red, Verdict.Leaked }, 3)]
    [InlineData(new[] { Verdict.Green, Verdict.Leaked }, 3)]
    public void Exit_code_is_0_all_green_1_any_red_3_any_leaked(Verdict[] verdicts, int expected)
    {
        Assert.Equal(expected, LiveDeployExitCode.For(verdicts.Select((v, i) => Row($"p{i}", v))));
    }

    [Fact]
    public void A_failed_status_update_or_a_cancelled_run_exits_1()
    {
        Assert.Equal(1, LiveDeployExitCode.For([Row("aws", Verdict.Green, policyError: "GitHubApiException: 403")]));
        Assert.Equal(1, LiveDeployExitCode.For([Row("aws", Verdict.Green)], cancelled: true));
    }

    [Fact]
    public void Json_uses_snake_case_and_the_documented_words()
    {
        var json = LiveDeployReportJson.Serialize(Report(Row("aws", Verdict.Green, ReportAction.PromotePr), Row("gcp", Verdict.Leaked, ReportAction.IssueOpened)));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("77", root.GetProperty("run_id").GetString());
        Assert.Equal("wfctl v1.2.3", root.GetProperty("wfctl_version").GetString());
        Assert.Equal(3, root.GetProperty("exit_code").GetInt32());
        var aws = root.GetProperty("plugins")[0];
        Assert.Equal("aws", aws.GetProperty("plugin").GetString());
        Assert.Equal(new string('d', 40), aws.GetProperty("commit").GetString());
        Assert.Equal("apply", aws.GetProperty("depth").GetString());
        Assert.Equal("green", aws.GetProperty("verdict").GetString());
        Assert.Equal(1, aws.GetProperty("attempts").GetInt32());
        Assert.Equal(1234, aws.GetProperty("duration_ms").GetInt64());
        Assert.Equal("verified", aws.GetProperty("status_before").GetString());
        Assert.Equal("promote-pr", aws.GetProperty("action").GetString());
        Assert.Equal("https://github.com/o/r/issues/1", aws.GetProperty("url").GetString());
        var gcp = root.GetProperty("plugins")[1];
        Assert.Equal("leaked", gcp.GetProperty("verdict").GetString());
        Assert.Equal("issue-opened", gcp.GetProperty("action").GetString());
        Assert.Equal("live-deploy-77", gcp.GetProperty("leaked_tag").GetString());
        Assert.Equal(1, gcp.GetProperty("failure").GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void Json_round_trips()
    {
        var report = Report(Row("aws", Verdict.Red, ReportAction.DemotePr));

        var back = LiveDeployReportJson.Deserialize(LiveDeployReportJson.Serialize(report))!;

        Assert.Equal(ReportAction.DemotePr, back.Plugins[0].Action);
        Assert.Equal(report.Plugins[0].Failure!.Command, back.Plugins[0].Failure!.Command);
        Assert.Equal(report.Plugins[0].Failure!.OutputTail, back.Plugins[0].Failure!.OutputTail);
    }

    [Fact]
    public void Junit_has_one_testcase_per_plugin_and_a_failure_with_command_exit_and_tail()
    {
        var xml = XDocument.Parse(LiveDeployJUnit.Render(Report(Row("aws", Verdict.Green), Row("gcp", Verdict.Red), Row("azure", Verdict.Leaked))));

        var suite = xml.Root!.Element("testsuite")!;
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("2", suite.Attribute("failures")!.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(["aws", "gcp", "azure"], cases.Select(c => c.Attribute("name")!.Value));
        Assert.Null(cases[0].Element("failure"));
        var red = cases[1].Element("failure")!;
        Assert.Contains("wfctl infra apply", red.Attribute("message")!.Value);
        Assert.Contains("exit code: 1", red.Value);
        Assert.Contains("Error: <b>boom</b>", red.Value);
        var leaked = cases[2].Element("failure")!;
        Assert.Equal("leaked", leaked.Attribute("type")!.Value);
        Assert.Contains("live-deploy-77", leaked.Attribute("message")!.Value);
    }

    [Fact]
    public void Markdown_summary_has_a_row_per_plugin_and_fences_output_so_it_stays_inert()
    {
        var markdown = LiveDeploySummary.Render(Report(Row("aws", Verdict.Green, ReportAction.PromotePr), Row("gcp", Verdict.Red, ReportAction.IssueOpened)));

        var document = Markdown.Parse(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());
        var table = document.Descendants<Table>().Single();
        Assert.Equal(3, table.Count);
        Assert.Contains("| aws | ✅ green | apply |", markdown);
        Assert.Contains("[promote\\-pr](https://github.com/o/r/issues/1)", markdown);
        var fence = document.Descendants<FencedCodeBlock>().Single();
        Assert.Contains("Error: <b>boom</b> ```", fence.Lines.ToString());
        Assert.Empty(document.Descendants<HtmlInline>());
    }
}
