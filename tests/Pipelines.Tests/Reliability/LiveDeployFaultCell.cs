using Pipelines.GitHub;
using Pipelines.LiveDeploy;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Reporting;
using Pipelines.Testing.GitHub;
using Pipelines.Testing.Reliability;

namespace Pipelines.Tests.Reliability;

/// <summary>
/// Runs one live-deploy cell of the fault matrix: the real live-deploy runner and GitHub registry
/// host against the emulator with the fault injected once; then, unless the first run already
/// finished the job, the same run again (same run id, as a re-run of the workflow would). The end
/// state has exactly one pull request, issue or comment per decision, and no token anywhere.
/// </summary>
internal static class LiveDeployFaultCell
{
    private const string RunId = "4242";
    private const string StatusBranch = "live-deploy/aws-verified";

    private static readonly Lazy<Task> WarmUp = new(async () =>
    {
        await using var world = await RegistryWorld.StartAsync(MatrixClient.For("none")(new GitHubClientOptions()));
        world.WithManifest("experimental");
        await world.RunAsync("warm-up");
    });

    public static async Task RunAsync(string rowName, string fault)
    {
        await WarmUp.Value;
        var row = FaultMatrix.LiveDeployRow(rowName);
        var cell = row.Cells[FaultMatrix.Column(fault)];
        var retries = new List<GitHubRetryNotice>();
        var options = MatrixClient.For(fault, retries)(new GitHubClientOptions());
        await using var world = await RegistryWorld.StartAsync(options);
        Arrange(world, row.Scenario);
        var injected = world.GitHub.Faults.Add(StandardFaults.For(row.Call, fault, hangFor: TimeSpan.FromSeconds(10)).When(row.Select).Once());

        var first = Assert.Single((await world.RunAsync(RunId)).Plugins);

        var context = $"{row.Name} × {fault}: {first.PolicyError} | writes: {string.Join("; ", first.Writes)}";
        Assert.True(injected.Hits == 1, $"the fault never fired: {context}");
        var faulted = world.GitHub.Requests.Matching(row.Call.Method, row.Call.PathPattern).First(row.Select);
        AssertHandling(cell, fault, first, faulted, retries, context);

        var last = first;
        if (cell.End != LiveDeployEnd.Done)
        {
            // What did not land is not there yet; what landed (with its answer lost) may already be complete.
            if (cell.Handling != Handling.LandedUnconfirmed)
            {
                Assert.False(Done(world, row.Scenario), $"the first run finished the job: {context}");
            }

            last = Assert.Single((await world.RunAsync(RunId)).Plugins);
            Assert.True(last.PolicyError is null, $"the re-run failed too: {last.PolicyError} ({context})");
        }

        Assert.True(Done(world, row.Scenario), $"not done: {context}");
        // A close that landed leaves no open issue, so the re-run has nothing left to do.
        var closedAlready = row.Scenario == LiveDeployScenario.CloseIssue && row.Call == GitHubCalls.CloseIssue && cell.Handling == Handling.LandedUnconfirmed;
        Assert.Equal(closedAlready ? ReportAction.None : ExpectedAction(row.Scenario), last.Action);
        AssertNoDuplicates(world, context);
        foreach (var text in new[] { LiveDeployReportJson.Serialize(new LiveDeployReport(RunId, null, null, false, false, default, 0, 0, [first, last])), string.Join("\n", world.GitHub.Requests.All.Select(r => r.Body)) })
        {
            Assert.DoesNotContain(world.Token.Reveal(), text, StringComparison.Ordinal);
        }
    }

    private static void Arrange(RegistryWorld world, LiveDeployScenario scenario)
    {
        switch (scenario)
        {
            case LiveDeployScenario.Promote:
                world.WithManifest("experimental");
                break;
            case LiveDeployScenario.PromoteOverLeftoverBranch:
                world.WithManifest("experimental").WithLeftoverBranch(StatusBranch);
                break;
            case LiveDeployScenario.OpenIssue:
                world.WithManifest("verified").Green = false;
                break;
            case LiveDeployScenario.CloseIssue:
                world.WithManifest("verified").WithOpenIssue("900");
                break;
        }
    }

    private static ReportAction ExpectedAction(LiveDeployScenario scenario) => scenario switch
    {
        LiveDeployScenario.OpenIssue => ReportAction.IssueOpened,
        LiveDeployScenario.CloseIssue => ReportAction.IssueClosed,
        _ => ReportAction.PromotePr,
    };

    /// <summary>Whether the decision's change is fully in place on GitHub.</summary>
    private static bool Done(RegistryWorld world, LiveDeployScenario scenario) => scenario switch
    {
        LiveDeployScenario.OpenIssue => world.TrackerRepo.Issues.Any(i => !i.IsPullRequest && i.State == "open" && RunMarker.IsWrittenBy(i.Body, RunId, "aws")),
        LiveDeployScenario.CloseIssue => world.TrackerRepo.Issues.All(i => i.State == "closed")
            && world.TrackerRepo.Comments(world.TrackerRepo.Issues.Single().Number).Any(c => RunMarker.IsWrittenBy(c.Body, RunId, "aws")),
        _ => world.RegistryRepo.PullRequests.Any(p => p.State == "open" && p.Head == StatusBranch && p.Base == "main")
            && world.RegistryRepo.ReadFile(StatusBranch, RegistryWorld.ManifestPath)!.Contains("\"status\": \"verified\"", StringComparison.Ordinal)
            // Only the status changed: the rest of the file, byte for byte.
            && world.RegistryRepo.ReadFile(StatusBranch, RegistryWorld.ManifestPath) == world.RegistryRepo.ReadFile("main", RegistryWorld.ManifestPath)!.Replace("\"experimental\"", "\"verified\"", StringComparison.Ordinal),
    };

    private static void AssertNoDuplicates(RegistryWorld world, string context)
    {
        Assert.True(world.RegistryRepo.PullRequests.Count <= 1, $"{world.RegistryRepo.PullRequests.Count} pull requests: {context}");
        var issues = world.TrackerRepo.Issues.Where(i => RunMarker.IsWrittenBy(i.Body, RunId, "aws")).ToList();
        Assert.True(issues.Count <= 1, $"{issues.Count} issues for one run: {context}");
        foreach (var issue in world.TrackerRepo.Issues)
        {
            var comments = world.TrackerRepo.Comments(issue.Number).Count(c => RunMarker.IsWrittenBy(c.Body, RunId, "aws"));
            Assert.True(comments <= 1, $"{comments} comments for one run on #{issue.Number}: {context}");
        }
    }

    private static void AssertHandling(LiveDeployCell cell, string fault, PluginReport first, RecordedRequest faulted, List<GitHubRetryNotice> retries, string context)
    {
        var caused = MatrixClient.Snapshot(retries);
        Assert.True(caused.Count == (cell.Handling == Handling.Retried ? 1 : 0), $"{caused.Count} retries ({string.Join(" | ", retries)}): {context}");
        var message = cell.Message ?? FaultMatrix.DefaultMessage(fault);
        switch (cell.Handling)
        {
            case Handling.Retried:
                Assert.True(first.PolicyError is null, context);
                break;
            case Handling.ReadAsAbsent:
                Assert.True(first.PolicyError is null, context);
                Assert.Equal(ReportAction.None, first.Action);
                break;
            case Handling.FailedFast:
                AssertSays(first, message, context);
                break;
            case Handling.NotLanded:
                Assert.False(faulted.Applied, context);
                AssertSays(first, message, context);
                break;
            case Handling.LandedUnconfirmed:
                Assert.True(faulted.Applied, context);
                AssertSays(first, message, context);
                break;
            default:
                throw new InvalidOperationException($"{cell.Handling} is not a live-deploy handling");
        }

        if (cell.Handling is not (Handling.Retried or Handling.ReadAsAbsent))
        {
            Assert.Equal(LiveDeployExitCode.Red, LiveDeployExitCode.For([first]));
        }
    }

    private static void AssertSays(PluginReport row, string message, string context) =>
        Assert.True(row.PolicyError?.Contains(message, StringComparison.OrdinalIgnoreCase) == true, $"the status update error does not say '{message}': {context}");
}
