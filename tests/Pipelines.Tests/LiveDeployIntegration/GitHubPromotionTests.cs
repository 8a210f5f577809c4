using Pipelines.Testing.GitHub;

namespace Pipelines.Tests.LiveDeployIntegration;

/// <summary>
/// Green plugins through the real command against the GitHub emulator: one promotion pull
/// request that changes the manifest's status and not one other byte, nothing for a plugin
/// already verified or deprecated, and nothing new when the same run runs again.
/// </summary>
public sealed class GitHubPromotionTests
{
    private const string Registry = "/repos/GoCodeAlone/workflow-registry";

    // Tabs, CRLF, a nested "status", escapes, non-ASCII and no final newline: all must survive.
    // The release fields (version, capabilities, downloads) are the world's, so the plugin installs.
    private static string OddlyFormatted(GitHubLiveDeployWorld world)
    {
        var release = System.Text.Json.Nodes.JsonNode.Parse(world.Manifest("aws", "experimental"))!;
        return "{\r\n\t\"name\" :\t\"workflow-plugin-aws\",\r\n\t\"compat\": { \"status\": \"experimental\" },\r\n" +
            "\t\"status\"  :  \"experimental\" ,\r\n\t\"description\": \"Amazon \\u00e9 \\\"quoted\\\" — ünïcödé ✓\",\r\n" +
            $"\t\"version\":\"{release["version"]}\", \"author\" : \"x\",\r\n\t\"capabilities\": {release["capabilities"]!.ToJsonString()},\r\n" +
            $"\t\"downloads\": {release["downloads"]!.ToJsonString()},\r\n" +
            "\t\"tags\": [ \"iac\",\"aws\" ]   \r\n}";
    }

    [Fact]
    public async Task Green_while_experimental_opens_exactly_one_pull_request_that_changes_only_the_status()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"));
        var oddlyFormattedManifest = OddlyFormatted(world);
        world.Registry.SetFile("main", GitHubLiveDeployWorld.ManifestPath("aws"), oddlyFormattedManifest);
        var mainBefore = world.Registry.Branch("main");

        var run = await world.RunAsync("7001");

        Assert.Equal(0, run.ExitCode);
        var pull = Assert.Single(world.Registry.PullRequests);
        Assert.Equal(("live-deploy/aws-verified", "main", "open"), (pull.Head, pull.Base, pull.State));
        Assert.Equal("aws: promote to verified", pull.Title);
        Assert.StartsWith("<!-- live-deploy-run: 7001 plugin: aws result: green -->", pull.Body);
        Assert.Contains(world.Commits["aws"], pull.Body);
        var expected = oddlyFormattedManifest.Replace("\"status\"  :  \"experimental\"", "\"status\"  :  \"verified\"", StringComparison.Ordinal);
        Assert.Equal(expected, world.Registry.ReadFile("live-deploy/aws-verified", GitHubLiveDeployWorld.ManifestPath("aws")));
        Assert.Equal(oddlyFormattedManifest, world.Registry.ReadFile("main", GitHubLiveDeployWorld.ManifestPath("aws")));
        Assert.Equal(mainBefore, world.Registry.Branch("main"));
        Assert.Equal(
            [$"POST {Registry}/git/refs", $"PUT {Registry}/contents/plugins/workflow-plugin-aws/manifest.json", $"POST {Registry}/pulls"],
            Writes(world.GitHub));
        Assert.All(world.GitHub.Requests.All, r => Assert.Equal(GitHubLiveDeployWorld.TokenName, r.TokenName));
        Assert.Empty(world.Tracker("aws").Issues);
    }

    [Fact]
    public async Task Running_the_same_run_again_writes_nothing_and_reports_the_same_pull_request()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(new WorldPlugin("aws", "experimental"));
        await world.RunAsync("7002", o => o with { ReportPath = "first.json" });
        var writesAfterFirst = world.GitHub.Requests.Writes.Count;

        var again = await world.RunAsync("7002", o => o with { ReportPath = "again.json" });
        var later = await world.RunAsync("7003", o => o with { ReportPath = "later.json" });

        Assert.Equal((0, 0), (again.ExitCode, later.ExitCode));
        Assert.Equal(3, writesAfterFirst);
        Assert.Equal(writesAfterFirst, world.GitHub.Requests.Writes.Count);
        var pull = Assert.Single(world.Registry.PullRequests);
        foreach (var report in (string[])["first.json", "again.json", "later.json"])
        {
            var row = ReportFile.Row(Path.Combine(world.Directory, report), "aws");
            Assert.Equal("promote-pr", row["action"]!.GetValue<string>());
            Assert.Equal(pull.HtmlUrl, row["url"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Green_while_verified_or_deprecated_writes_nothing_deprecated_is_never_promoted()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(
            new WorldPlugin("azure", "verified"),
            new WorldPlugin("tofu", "deprecated"));

        var run = await world.RunAsync("7004", o => o with { ReportPath = "report.json" });

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(world.GitHub.Requests.Writes);
        Assert.Empty(world.Registry.PullRequests);
        Assert.Equal("deprecated", world.StatusOn("main", "tofu"));
        var tofu = ReportFile.Row(Path.Combine(world.Directory, "report.json"), "tofu");
        Assert.Equal(("green", "deprecated", "none"), (tofu["verdict"]!.GetValue<string>(), tofu["status_before"]!.GetValue<string>(), tofu["action"]!.GetValue<string>()));
        // It was validated for real: the stand-in ran its plan.
        Assert.Contains(world.Wfctl.InfraCalls(), c => c.Plugin == "tofu" && c.Verb == "plan");
    }

    [Fact]
    public async Task Red_while_deprecated_or_experimental_is_recorded_in_the_report_only()
    {
        await using var world = await GitHubLiveDeployWorld.CreateAsync(
            new WorldPlugin("tofu", "deprecated"),
            new WorldPlugin("gcp", "experimental"));
        world.Wfctl.Fail("tofu", "plan", "Error: deprecated provider").Fail("gcp", "plan", "Error: quota");

        var run = await world.RunAsync("7005", o => o with { ReportPath = "report.json" });

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(world.GitHub.Requests.Writes);
        Assert.Empty(world.Tracker("tofu").Issues);
        Assert.Empty(world.Tracker("gcp").Issues);
        foreach (var plugin in (string[])["tofu", "gcp"])
        {
            var row = ReportFile.Row(Path.Combine(world.Directory, "report.json"), plugin);
            Assert.Equal(("red", "none"), (row["verdict"]!.GetValue<string>(), row["action"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_parallel_matrix_opens_one_pull_request_per_green_experimental_plugin_each_changing_only_its_manifest()
    {
        string[] experimental = ["aws", "gcp", "azure", "digitalocean"];
        await using var world = await GitHubLiveDeployWorld.CreateAsync(
            [.. experimental.Select(p => new WorldPlugin(p, "experimental")), new WorldPlugin("tofu", "verified")]);

        var run = await world.RunAsync("7006");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(experimental.Select(p => $"live-deploy/{p}-verified").Order(StringComparer.Ordinal), world.Registry.PullRequests.Select(p => p.Head).Order(StringComparer.Ordinal));
        foreach (var plugin in experimental)
        {
            var branch = $"live-deploy/{plugin}-verified";
            foreach (var other in world.Plugins)
            {
                var expected = other.Name == plugin ? "verified" : other.Status;
                Assert.Equal(expected, world.StatusOn(branch, other.Name));
            }
        }

        Assert.Equal(4, world.GitHub.Requests.Count("POST", $"{Registry}/pulls"));
        // Each plugin's credentials reach its own wfctl only.
        Assert.All(world.Wfctl.InfraCalls(), c => Assert.Equal(c.Plugin == "digitalocean", c.Environment.ContainsKey("DIGITALOCEAN_TOKEN")));
        Assert.Equal(12, world.GitHub.Requests.Writes.Count);
    }

    internal static IReadOnlyList<string> Writes(GitHubEmulator github) =>
        github.Requests.Writes.Select(r => $"{r.Method} {r.Path}").ToList();
}
