using System.Text.Json.Nodes;
using System.Xml.Linq;
using Pipelines.Commands;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>
/// <c>pipelines live-deploy</c> as a user meets it: exit codes, the JSON report, JUnit XML, the
/// Markdown summary in <c>$GITHUB_STEP_SUMMARY</c>, <c>--plugin</c> and <c>--depth</c>, driven
/// through the real command with the GitHub emulator and the stand-in wfctl.
/// </summary>
public sealed class LiveDeployCommandTests
{
    private static readonly string[] DocumentedFields = ["plugin", "commit", "depth", "verdict", "attempts", "duration_ms", "status_before", "action", "url"];

    [Fact]
    public async Task All_green_exits_0_and_the_report_has_the_documented_fields_per_plugin()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"), new WorldPlugin("azure", "verified"));

        Directory.CreateDirectory(Path.Combine(world.Directory, "out"));

        var run = await world.RunAsync("5001", o => o with { ReportPath = "out/report.json" });

        Assert.Equal(0, run.ExitCode);
        var path = Path.Combine(world.Directory, "out", "report.json");
        var report = ReportFile.Read(path);
        Assert.Equal(("5001", 0), (report["run_id"]!.GetValue<string>(), report["exit_code"]!.GetValue<int>()));
        var rows = ReportFile.Rows(path);
        Assert.Equal(["aws", "azure"], rows.Select(r => r["plugin"]!.GetValue<string>()));
        Assert.All(rows, row => Assert.Subset(row.Select(p => p.Key).ToHashSet(), DocumentedFields.ToHashSet()));
        var pull = Assert.Single(world.Registry.PullRequests);
        AssertRow(rows[0], world.Commits["aws"], "plan", "green", 1, "experimental", "promote-pr", pull.HtmlUrl);
        AssertRow(rows[1], world.Commits["azure"], "plan", "green", 1, "verified", "none", null);
        Assert.All(rows, row => Assert.InRange(row["duration_ms"]!.GetValue<long>(), 0, 60_000));
    }

    [Fact]
    public async Task Any_red_exits_1_with_one_junit_testcase_per_plugin_and_the_summary_appended_to_the_step_summary()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "verified"), new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: 403 caller does not have permission");
        var stepSummary = Path.Combine(world.Directory, "step-summary.md");
        File.WriteAllText(stepSummary, "## an earlier step\n\nits summary\n");
        world.ExtraEnvironment["GITHUB_STEP_SUMMARY"] = stepSummary;

        var run = await world.RunAsync("5002", o => o with { JUnitPath = "junit.xml", SummaryPath = "summary.md" });

        Assert.Equal(1, run.ExitCode);
        var junit = XDocument.Parse(File.ReadAllText(Path.Combine(world.Directory, "junit.xml")));
        var suite = Assert.Single(junit.Root!.Elements("testsuite"));
        Assert.Equal(("2", "1"), ((string?)suite.Attribute("tests"), (string?)suite.Attribute("failures")));
        var cases = suite.Elements("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        Assert.Equal(["aws", "gcp"], cases.Keys);
        Assert.Empty(cases["aws"].Elements("failure"));
        var failure = Assert.Single(cases["gcp"].Elements("failure"));
        Assert.Equal("red", (string?)failure.Attribute("type"));
        Assert.Contains("infra plan --plugin-dir ", (string?)failure.Attribute("message"));
        Assert.Contains("Error: 403 caller does not have permission", failure.Value);

        var summary = File.ReadAllText(Path.Combine(world.Directory, "summary.md"));
        Assert.Contains("## live-deploy: run 5002", summary);
        Assert.Contains("| gcp | ❌ red |", summary);
        Assert.Contains("| aws | ✅ green |", summary);
        var appended = File.ReadAllText(stepSummary);
        Assert.StartsWith("## an earlier step\n\nits summary\n", appended);
        Assert.Contains(summary.TrimEnd(), appended);
        Assert.Contains(summary.TrimEnd(), run.Output);
    }

    [Fact]
    public async Task A_teardown_that_fails_exits_3_as_leaked_after_destroy_and_the_backstop_both_ran_and_the_issue_names_the_tag()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"), new WorldPlugin("gcp", "verified"));
        world.WriteConfig(depth: "apply");
        world.Wfctl.Fail("gcp", "destroy", "Error: DependencyViolation: resource sg-123 has a dependent object");

        var run = await world.RunAsync("5003", o => o with { ReportPath = "report.json", JUnitPath = "junit.xml" });

        Assert.Equal(3, run.ExitCode);
        var report = Path.Combine(world.Directory, "report.json");
        Assert.Equal("leaked", ReportFile.Row(report, "gcp")["verdict"]!.GetValue<string>());
        Assert.Equal("green", ReportFile.Row(report, "aws")["verdict"]!.GetValue<string>());
        var gcp = world.Wfctl.InfraCalls().Where(c => c.Plugin == "gcp").ToList();
        Assert.Equal(
        [
            "infra plan --plugin-dir <plugin-dir> -c <derived example> --env staging -o <plan-file>",
            "infra apply --plugin-dir <plugin-dir> -c <derived example> --env staging -y",
            "infra status --plugin-dir <plugin-dir> -c <derived example> --env staging",
            "infra destroy --plugin-dir <plugin-dir> -c <derived example> --env staging -y",
            "infra status --plugin-dir <plugin-dir> -c <derived example> --env staging",
            "infra cleanup --plugin-dir <plugin-dir> -c <derived example> --env staging --tag live-deploy-5003 --fix",
        ], gcp.Select(c => c.Shape()));
        // The leak is real: what destroy could not remove is still in the stand-in's cloud; aws's is gone.
        Assert.Equal(["gcp"], world.Wfctl.Cloud().Select(r => r.Provider));
        var failure = XDocument.Parse(File.ReadAllText(Path.Combine(world.Directory, "junit.xml"))).Descendants("failure").Single();
        Assert.Equal("leaked", (string?)failure.Attribute("type"));
        Assert.Contains("live-deploy-5003", (string?)failure.Attribute("message"));
        // A leak is a red for the policy: the verified plugin is investigated, and the issue says how to find what is left.
        var issue = Assert.Single(world.Tracker("gcp").Issues);
        Assert.Contains("wfctl infra cleanup --tag live-deploy-5003 --fix", issue.Body);
        Assert.Contains("DependencyViolation", issue.Body);
    }

    public static TheoryData<string, string> UsageErrors => new()
    {
        { "unknown-plugin", "'nope' is not in live-deploy.plugins" },
        { "bad-depth", "--depth: 'deep' is not plan or apply" },
        { "missing-report-directory", "--report: directory" },
        { "missing-token", "LIVE_DEPLOY_GITHUB_TOKEN is not set" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task A_usage_error_exits_2_before_anything_runs(string error, string message)
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"));
        Func<LiveDeployOptions, LiveDeployOptions> options = error switch
        {
            "unknown-plugin" => o => o with { Plugins = ["aws", "nope"] },
            "bad-depth" => o => o with { Depth = "deep" },
            "missing-report-directory" => o => o with { ReportPath = "no/such/dir/report.json" },
            _ => o => o,
        };

        var run = await world.RunAsync("5004", options, world.Environment(withToken: error != "missing-token"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains(message, run.Error);
        Assert.Empty(world.Wfctl.Calls());
        Assert.Empty(world.GitHub.Requests.All);
    }

    [Fact]
    public async Task Plugin_selects_which_plugins_are_fetched_validated_and_looked_up_in_configuration_order()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(
            new WorldPlugin("aws", "verified"), new WorldPlugin("gcp", "verified"), new WorldPlugin("azure", "verified"));

        var run = await world.RunAsync("5005", o => o with { Plugins = ["azure", "aws"], ReportPath = "report.json" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["aws", "azure"], ReportFile.Rows(Path.Combine(world.Directory, "report.json")).Select(r => r["plugin"]!.GetValue<string>()));
        Assert.Equal(["aws", "azure"], world.Wfctl.InfraCalls().Select(c => c.Plugin).Order(StringComparer.Ordinal));
        Assert.NotEmpty(world.GitHub.Requests.All);
        Assert.DoesNotContain(world.GitHub.Requests.All, r => (r.Path + "?" + Uri.UnescapeDataString(r.Query)).Contains("gcp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plan", new[] { "infra plan --plugin-dir <plugin-dir> -c <example> --env staging -o <plan-file>" })]
    [InlineData(null, new[]
    {
        "infra plan --plugin-dir <plugin-dir> -c <derived example> --env staging -o <plan-file>",
        "infra apply --plugin-dir <plugin-dir> -c <derived example> --env staging -y",
        "infra status --plugin-dir <plugin-dir> -c <derived example> --env staging",
        "infra destroy --plugin-dir <plugin-dir> -c <derived example> --env staging -y",
        "infra status --plugin-dir <plugin-dir> -c <derived example> --env staging",
        "infra cleanup --plugin-dir <plugin-dir> -c <derived example> --env staging --tag live-deploy-5006 --fix",
    })]
    public async Task Depth_overrides_the_configured_depth_and_chooses_the_wfctl_commands(string? depth, string[] expected)
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "verified"));
        world.WriteConfig(depth: "apply");

        var run = await world.RunAsync("5006", o => o with { Depth = depth, ReportPath = "report.json" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, world.Wfctl.InfraCalls().Select(c => c.Shape()));
        Assert.Equal(depth ?? "apply", ReportFile.Row(Path.Combine(world.Directory, "report.json"), "aws")["depth"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_github_token_reaches_github_but_never_wfctl_the_console_or_the_outputs()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"), new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");

        var run = await world.RunAsync("5007", o => o with { ReportPath = "report.json", JUnitPath = "junit.xml", SummaryPath = "summary.md" });

        Assert.Equal(1, run.ExitCode);
        Assert.All(world.GitHub.Requests.All, r => Assert.Equal(GitHubLiveDeployWorld.TokenName, r.TokenName));
        var calls = world.Wfctl.Calls();
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.DoesNotContain(c.Environment, v => v.Value.Contains(GitHubLiveDeployWorld.TokenValue, StringComparison.Ordinal)));
        Assert.All(calls, c => Assert.False(c.Environment.ContainsKey(GitHubLiveDeployWorld.TokenVariable)));
        foreach (var text in new[] { run.Output, run.Error }.Concat(new[] { "report.json", "junit.xml", "summary.md" }.Select(f => File.ReadAllText(Path.Combine(world.Directory, f)))))
        {
            Assert.DoesNotContain(GitHubLiveDeployWorld.TokenValue, text, StringComparison.Ordinal);
        }

        Assert.All(world.GitHub.Requests.Writes, w => Assert.DoesNotContain(GitHubLiveDeployWorld.TokenValue, w.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_github_actions_the_run_id_and_link_come_from_the_environment_and_a_workflow_rerun_writes_nothing()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");
        world.ExtraEnvironment["GITHUB_ACTIONS"] = "true";
        world.ExtraEnvironment["GITHUB_RUN_ID"] = "424242";
        world.ExtraEnvironment["GITHUB_SERVER_URL"] = "https://github.com";
        world.ExtraEnvironment["GITHUB_REPOSITORY"] = "GoCodeAlone/live-deploy-matrix";

        var run = await world.RunAsync(runId: null, o => o with { ReportPath = "report.json" });
        var rerun = await world.RunAsync(runId: null);

        Assert.Equal((1, 1), (run.ExitCode, rerun.ExitCode));
        Assert.DoesNotContain("run id:", run.Output);
        Assert.Equal("424242", ReportFile.Read(Path.Combine(world.Directory, "report.json"))["run_id"]!.GetValue<string>());
        var issue = Assert.Single(world.Tracker("gcp").Issues);
        Assert.StartsWith("<!-- live-deploy-run: 424242 plugin: gcp result: red -->", issue.Body);
        Assert.Contains("[run 424242](https://github.com/GoCodeAlone/live-deploy-matrix/actions/runs/424242)", issue.Body);
        Assert.Single(world.GitHub.Requests.Writes);
    }

    [Fact]
    public async Task Without_a_run_id_one_is_generated_printed_and_carried_by_the_markers()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("gcp", "verified"));
        world.Wfctl.Fail("gcp", "plan", "Error: boom");

        var run = await world.RunAsync(runId: null);

        var printed = System.Text.RegularExpressions.Regex.Match(run.Output, @"run id: (?<id>local-[0-9]{14}-[0-9a-f]{8}) \(pass --run-id");
        Assert.True(printed.Success, run.Output);
        Assert.StartsWith($"<!-- live-deploy-run: {printed.Groups["id"].Value} plugin: gcp result: red -->", Assert.Single(world.Tracker("gcp").Issues).Body);
    }

    private static void AssertRow(JsonObject row, string commit, string depth, string verdict, int attempts, string statusBefore, string action, string? url)
    {
        Assert.Equal(commit, row["commit"]!.GetValue<string>());
        Assert.Equal(depth, row["depth"]!.GetValue<string>());
        Assert.Equal(verdict, row["verdict"]!.GetValue<string>());
        Assert.Equal(attempts, row["attempts"]!.GetValue<int>());
        Assert.Equal(statusBefore, row["status_before"]!.GetValue<string>());
        Assert.Equal(action, row["action"]!.GetValue<string>());
        Assert.Equal(url, row["url"]?.GetValue<string>());
    }
}
