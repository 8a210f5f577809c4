using System.Net;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Pipelines.Configuration;
using Pipelines.GitHub;
using Pipelines.LiveDeploy.Policy;
using Pipelines.LiveDeploy.Registry;
using Pipelines.LiveDeploy.Validation;

namespace Pipelines.Tests.LiveDeploy;

/// <summary>The GitHub registry host over a substituted client, and the executor's idempotency through it.</summary>
public sealed class GitHubRegistryHostTests
{
    private const string Manifest = "{\n  \"name\": \"workflow-plugin-aws\",\n  \"status\": \"experimental\"\n}\n";
    private static readonly RepositoryId Registry = new("GoCodeAlone", "workflow-registry");
    private static readonly RepositoryId Tracker = new("GoCodeAlone", "workflow-plugin-aws");
    private static readonly string BaseSha = new('a', 40);

    private readonly IGitHubClient _client = Substitute.For<IGitHubClient>();

    private GitHubRegistryHost Host() => new(
        _client,
        new RegistrySettings("GoCodeAlone/workflow-registry", "plugins/workflow-plugin-{plugin}/manifest.json", "main"),
        "GoCodeAlone/workflow-plugin-{plugin}");

    private static PolicyContext Context(string runId, Verdict verdict) => new(
        "aws", runId, new Uri("https://github.com/acme/ci/actions/runs/" + runId), new string('c', 40),
        ValidationDepth.Plan, "staging", verdict,
        verdict == Verdict.Green ? null : new CommandFailure("wfctl infra plan -c examples/minimal/config.yaml --env staging", 1, "exit code 1", ["Error: boom"]),
        null, null, 2);

    [Fact]
    public async Task Reads_the_manifest_status_on_the_base_branch()
    {
        _client.GetFileAsync(Registry, "plugins/workflow-plugin-aws/manifest.json", "main", Arg.Any<CancellationToken>())
            .Returns(new RepositoryFile("plugins/workflow-plugin-aws/manifest.json", "blob1", Manifest));

        var manifest = await Host().ReadManifestAsync("aws", CancellationToken.None);

        Assert.Equal(PluginStatus.Experimental, manifest!.Status);
        Assert.Equal(Manifest, manifest.Content);
    }

    [Fact]
    public async Task A_missing_manifest_reads_as_null()
    {
        _client.GetFileAsync(Registry, Arg.Any<string>(), "main", Arg.Any<CancellationToken>()).Returns((RepositoryFile?)null);

        Assert.Null(await Host().ReadManifestAsync("aws", CancellationToken.None));
    }

    [Fact]
    public async Task A_status_pull_request_branches_from_base_changes_only_the_status_and_opens_the_pull_request()
    {
        _client.GetBranchHeadAsync(Registry, "main", Arg.Any<CancellationToken>()).Returns(BaseSha);
        _client.GetBranchHeadAsync(Registry, "live-deploy/aws-verified", Arg.Any<CancellationToken>()).Returns((string?)null);
        _client.GetFileAsync(Registry, "plugins/workflow-plugin-aws/manifest.json", "live-deploy/aws-verified", Arg.Any<CancellationToken>())
            .Returns(new RepositoryFile("plugins/workflow-plugin-aws/manifest.json", "blob1", Manifest));
        _client.CreatePullRequestAsync(Registry, Arg.Any<string>(), "live-deploy/aws-verified", "main", Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(new PullRequest(7, "aws: promote to verified", "open", "https://github.com/GoCodeAlone/workflow-registry/pull/7", "live-deploy/aws-verified", "main"));

        var pull = await Host().OpenStatusPullRequestAsync(
            new StatusPullRequestDraft("aws", PluginStatus.Verified, "aws: promote to verified", "body <!-- marker -->", "live-deploy: set aws status to verified"),
            CancellationToken.None);

        Assert.Equal(7, pull.Number);
        await _client.Received(1).CreateBranchAsync(Registry, "live-deploy/aws-verified", BaseSha, Arg.Any<CancellationToken>());
        await _client.Received(1).UpdateFileAsync(
            Registry, "plugins/workflow-plugin-aws/manifest.json", "live-deploy/aws-verified",
            Manifest.Replace("\"experimental\"", "\"verified\"", StringComparison.Ordinal), "blob1",
            "live-deploy: set aws status to verified", Arg.Any<CancellationToken>());
        await _client.Received(1).CreatePullRequestAsync(Registry, "aws: promote to verified", "live-deploy/aws-verified", "main", "body <!-- marker -->", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_leftover_branch_from_a_closed_pull_request_is_reset_to_base()
    {
        _client.GetBranchHeadAsync(Registry, "main", Arg.Any<CancellationToken>()).Returns(BaseSha);
        _client.GetBranchHeadAsync(Registry, "live-deploy/aws-experimental", Arg.Any<CancellationToken>()).Returns(new string('b', 40));
        _client.GetFileAsync(Registry, Arg.Any<string>(), "live-deploy/aws-experimental", Arg.Any<CancellationToken>())
            .Returns(new RepositoryFile("p", "blob2", Manifest.Replace("experimental", "verified", StringComparison.Ordinal)));
        _client.CreatePullRequestAsync(Registry, Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(new PullRequest(8, "t", "open", "u", "live-deploy/aws-experimental", "main"));

        await Host().OpenStatusPullRequestAsync(new StatusPullRequestDraft("aws", PluginStatus.Experimental, "t", "b", "m"), CancellationToken.None);

        await _client.Received(1).UpdateBranchAsync(Registry, "live-deploy/aws-experimental", BaseSha, true, Arg.Any<CancellationToken>());
        await _client.DidNotReceive().CreateBranchAsync(Arg.Any<RepositoryId>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Finds_the_plugins_open_issue_by_label_and_marker_with_its_comments()
    {
        var marker = new RunMarker("900", "aws", RecordedResult.Red).Render();
        _client.GetAuthenticatedLoginAsync(Arg.Any<CancellationToken>()).Returns("ci-bot");
        _client.ListOpenIssuesAsync(Tracker, "live-deploy", Arg.Any<CancellationToken>()).Returns(
        [
            new Issue(3, "other", new RunMarker("900", "gcp", RecordedResult.Red).Render(), "open", "u3", ["live-deploy"], "ci-bot"),
            new Issue(5, "live-deploy: aws fails live validation", marker, "open", "https://github.com/GoCodeAlone/workflow-plugin-aws/issues/5", ["live-deploy"], "CI-Bot"),
        ]);
        _client.ListIssueCommentsAsync(Tracker, 5, Arg.Any<CancellationToken>()).Returns([new IssueComment(1, "comment one", "c1", "ci-bot")]);

        var issue = await Host().FindOpenIssueAsync("aws", CancellationToken.None);

        Assert.Equal(5, issue!.Number);
        Assert.Equal([marker, "comment one"], issue.Entries);
        Assert.Null(issue.Warning);
    }

    [Fact]
    public async Task Only_the_tokens_own_issue_and_comments_count()
    {
        var ours = new RunMarker("900", "aws", RecordedResult.Red).Render();
        var spoof = new RunMarker("901", "aws", RecordedResult.Green).Render();
        _client.GetAuthenticatedLoginAsync(Arg.Any<CancellationToken>()).Returns("ci-bot");
        _client.ListOpenIssuesAsync(Tracker, "live-deploy", Arg.Any<CancellationToken>()).Returns(
        [
            new Issue(4, "spoof", spoof, "open", "u4", ["live-deploy"], "mallory"),
            new Issue(6, "ours", ours, "open", "u6", ["live-deploy"], "ci-bot"),
        ]);
        _client.ListIssueCommentsAsync(Tracker, 6, Arg.Any<CancellationToken>()).Returns(
            [new IssueComment(1, spoof, "c1", "mallory"), new IssueComment(2, "ours too", "c2", "ci-bot"), new IssueComment(3, spoof, "c3")]);

        var issue = await Host().FindOpenIssueAsync("aws", CancellationToken.None);

        Assert.Equal(6, issue!.Number);
        Assert.Equal([ours, "ours too"], issue.Entries);
    }

    [Fact]
    public async Task No_candidate_issue_means_no_identity_lookup()
    {
        _client.ListOpenIssuesAsync(Tracker, "live-deploy", Arg.Any<CancellationToken>()).Returns([new Issue(3, "unmarked", "no marker here", "open", "u3", ["live-deploy"], "ci-bot")]);

        Assert.Null(await Host().FindOpenIssueAsync("aws", CancellationToken.None));
        await _client.DidNotReceive().GetAuthenticatedLoginAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Finds_only_this_tools_open_pull_requests_by_head_branch()
    {
        _client.ListOpenPullRequestsAsync(Registry, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns([]);
        _client.ListOpenPullRequestsAsync(Registry, "live-deploy/aws-experimental", Arg.Any<CancellationToken>())
            .Returns([new PullRequest(9, "aws: demote to experimental", "open", "u9", "live-deploy/aws-experimental", "main")]);

        var pulls = await Host().FindOpenPullRequestsAsync("aws", CancellationToken.None);

        var pull = Assert.Single(pulls);
        Assert.Equal(PluginStatus.Experimental, pull.Target);
        Assert.Equal(9, pull.Number);
    }

    [Fact]
    public async Task The_first_red_opens_exactly_one_labelled_issue_and_a_rerun_of_the_same_run_opens_none()
    {
        var host = Host();
        _client.CreateIssueAsync(Tracker, Arg.Any<string>(), Arg.Any<string>(), Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>())
            .Returns(call => new Issue(11, call.ArgAt<string>(1), call.ArgAt<string>(2), "open", "https://github.com/GoCodeAlone/workflow-plugin-aws/issues/11", ["live-deploy"]));
        var context = Context("1001", Verdict.Red);
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, PluginStatus.Verified, null, new HashSet<PluginStatus>(), 2);

        var outcome = await new PolicyExecutor(host, "done").ApplyAsync(context, decision, new RegistrySnapshot(null, null, []), CancellationToken.None);
        var body = (string)_client.ReceivedCalls().Single(c => c.GetMethodInfo().Name == nameof(IGitHubClient.CreateIssueAsync)).GetArguments()[2]!;
        // The re-run reads the issue it opened: the marker says this run already wrote it.
        var rerunSnapshot = new RegistrySnapshot(null, new InvestigationIssue(11, "https://github.com/GoCodeAlone/workflow-plugin-aws/issues/11", "t", [body]), []);
        var rerunDecision = StatusPolicy.Decide(PolicyVerdict.Red, PluginStatus.Verified, rerunSnapshot.IssueBefore("aws", "1001"), rerunSnapshot.OpenPullRequestTargets, 2);
        var rerun = await new PolicyExecutor(host, "done").ApplyAsync(context, rerunDecision, rerunSnapshot, CancellationToken.None);

        Assert.Equal(ReportAction.IssueOpened, outcome.Action);
        Assert.Equal("https://github.com/GoCodeAlone/workflow-plugin-aws/issues/11", outcome.Url);
        await _client.Received(1).CreateIssueAsync(Tracker, "live-deploy: aws fails live validation", Arg.Any<string>(), Arg.Is<IReadOnlyList<string>>(l => l.SequenceEqual(new[] { "live-deploy" })), Arg.Any<CancellationToken>());
        Assert.StartsWith("<!-- live-deploy-run: 1001 plugin: aws result: red -->", body);
        Assert.Contains("Error: boom", body);
        Assert.Equal(ReportAction.IssueOpened, rerun.Action);
        Assert.Equal(outcome.Url, rerun.Url);
        await _client.DidNotReceive().CreateIssueCommentAsync(Arg.Any<RepositoryId>(), Arg.Any<int>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_second_red_comments_with_the_demotion_link_once_per_run()
    {
        var host = Host();
        var firstMarker = new RunMarker("1001", "aws", RecordedResult.Red).Render();
        var issue = new InvestigationIssue(11, "https://github.com/GoCodeAlone/workflow-plugin-aws/issues/11", "t", [firstMarker]);
        _client.GetBranchHeadAsync(Registry, "main", Arg.Any<CancellationToken>()).Returns(BaseSha);
        _client.GetFileAsync(Registry, Arg.Any<string>(), "live-deploy/aws-experimental", Arg.Any<CancellationToken>())
            .Returns(new RepositoryFile("p", "blob", Manifest.Replace("experimental", "verified", StringComparison.Ordinal)));
        _client.CreatePullRequestAsync(Registry, Arg.Any<string>(), "live-deploy/aws-experimental", "main", Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(new PullRequest(12, "aws: demote to experimental", "open", "https://github.com/GoCodeAlone/workflow-registry/pull/12", "live-deploy/aws-experimental", "main"));
        _client.CreateIssueCommentAsync(Tracker, 11, Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(call => new IssueComment(77, call.ArgAt<string>(2), "https://github.com/GoCodeAlone/workflow-plugin-aws/issues/11#issuecomment-77"));
        var context = Context("1002", Verdict.Red);
        var snapshot = new RegistrySnapshot(null, issue, []);
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, PluginStatus.Verified, snapshot.IssueBefore("aws", "1002"), snapshot.OpenPullRequestTargets, 2);

        var outcome = await new PolicyExecutor(host, "done").ApplyAsync(context, decision, snapshot, CancellationToken.None);
        var comment = (string)_client.ReceivedCalls().Single(c => c.GetMethodInfo().Name == nameof(IGitHubClient.CreateIssueCommentAsync)).GetArguments()[2]!;
        var rerunSnapshot = new RegistrySnapshot(null, issue with { Entries = [firstMarker, comment] },
            [new StatusPullRequest(12, "https://github.com/GoCodeAlone/workflow-registry/pull/12", PluginStatus.Experimental, "live-deploy/aws-experimental", "t")]);
        var rerunDecision = StatusPolicy.Decide(PolicyVerdict.Red, PluginStatus.Verified, rerunSnapshot.IssueBefore("aws", "1002"), rerunSnapshot.OpenPullRequestTargets, 2);
        var rerun = await new PolicyExecutor(host, "done").ApplyAsync(context, rerunDecision, rerunSnapshot, CancellationToken.None);

        Assert.Equal(ReportAction.DemotePr, outcome.Action);
        Assert.Equal("https://github.com/GoCodeAlone/workflow-registry/pull/12", outcome.Url);
        Assert.Contains("https://github.com/GoCodeAlone/workflow-registry/pull/12", comment);
        Assert.Equal(ReportAction.DemotePr, rerun.Action);
        Assert.Equal(outcome.Url, rerun.Url);
        await _client.Received(1).CreatePullRequestAsync(Arg.Any<RepositoryId>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
        await _client.Received(1).CreateIssueCommentAsync(Arg.Any<RepositoryId>(), Arg.Any<int>(), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Green_closes_the_issue_and_the_demotion_pull_request_each_with_a_comment()
    {
        var issue = new InvestigationIssue(11, "https://github.com/GoCodeAlone/workflow-plugin-aws/issues/11", "t", [new RunMarker("1", "aws", RecordedResult.Red).Render()]);
        var demotion = new StatusPullRequest(12, "u12", PluginStatus.Experimental, "live-deploy/aws-experimental", "t");
        _client.CreateIssueCommentAsync(Arg.Any<RepositoryId>(), Arg.Any<int>(), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(new IssueComment(1, "b", "c"));
        var snapshot = new RegistrySnapshot(null, issue, [demotion]);
        var decision = StatusPolicy.Decide(PolicyVerdict.Green, PluginStatus.Verified, snapshot.IssueBefore("aws", "2000"), snapshot.OpenPullRequestTargets, 2);

        var outcome = await new PolicyExecutor(Host(), "done").ApplyAsync(Context("2000", Verdict.Green), decision, snapshot, CancellationToken.None);

        Assert.Equal(ReportAction.IssueClosed, outcome.Action);
        await _client.Received(1).CreateIssueCommentAsync(Registry, 12, Arg.Is<string>(b => b.Contains("result: green")), Arg.Any<CancellationToken>());
        await _client.Received(1).CloseIssueAsync(Registry, 12, Arg.Any<CancellationToken>());
        await _client.Received(1).CreateIssueCommentAsync(Tracker, 11, Arg.Is<string>(b => b.Contains("<!-- live-deploy-run: 2000 plugin: aws result: green -->")), Arg.Any<CancellationToken>());
        await _client.Received(1).CloseIssueAsync(Tracker, 11, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_github_error_while_writing_propagates_to_the_runner_with_the_status()
    {
        _client.CreateIssueAsync(Arg.Any<RepositoryId>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new GitHubApiException("create issue", HttpStatusCode.Forbidden, "Resource not accessible by integration"));
        var decision = StatusPolicy.Decide(PolicyVerdict.Red, PluginStatus.Verified, null, new HashSet<PluginStatus>(), 2);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() =>
            new PolicyExecutor(Host(), "done").ApplyAsync(Context("3000", Verdict.Red), decision, new RegistrySnapshot(null, null, []), CancellationToken.None));

        Assert.Contains("403", error.Message);
    }
}
